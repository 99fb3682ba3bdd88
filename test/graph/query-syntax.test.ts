import assert from "node:assert/strict";
import { hasSearchText, kqlPhrase, kqlProperty, odataDateTime, odataString, outlookSearchValue } from "../../src/graph/query-syntax.js";

describe("query syntax escaping", () => {
  it("doubles single quotes in OData literals", () => {
    assert.equal(odataString("O'Brien's plan"), "'O''Brien''s plan'");
    assert.equal(odataString("') or true or ('"), "''') or true or ('''");
  });

  it("keeps KQL operators inside one phrase", () => {
    assert.equal(kqlPhrase('budget" OR author:"mallory'), '"budget OR author: mallory"');
    assert.equal(kqlPhrase("(a OR b) AND NOT c*"), '"(a OR b) AND NOT c*"');
    assert.equal(kqlProperty("from", 'eve"\\ from:"boss'), 'from:"eve from: boss"');
  });

  it("keeps unicode and drops control characters", () => {
    assert.equal(kqlPhrase("Zürich\u0000 \u2028 Präsentation 📈"), '"Zürich Präsentation 📈"');
  });

  it("tells text with words from text that is only quotes and control characters", () => {
    assert.equal(hasSearchText(' "" \u0007 '), false);
    assert.equal(hasSearchText('"a"'), true);
  });

  it("wraps Outlook $search in quotes and escapes inner quotes and backslashes", () => {
    assert.equal(outlookSearchValue('subject:"Q3 plan" C:\\docs'), '"subject:\\"Q3 plan\\" C:\\\\docs"');
  });

  it("writes OData dates unquoted in UTC", () => {
    assert.equal(odataDateTime(new Date("2026-03-01T10:00:00+01:00")), "2026-03-01T09:00:00Z");
  });

  it("refuses a date past the year 9999 or an invalid one as invalid input, not a request Graph would refuse", () => {
    assert.equal(odataDateTime(new Date("9999-12-31T23:59:59Z")), "9999-12-31T23:59:59Z");
    assert.throws(() => odataDateTime(new Date(Date.parse("9999-12-31T23:59:59Z") + 30 * 86_400_000)), { name: "InvalidInput", message: "A date of this search falls outside the years 1 to 9999 that Microsoft Graph takes (+010000-01-30T23:59:59.000Z); choose dates within them." });
    assert.throws(() => odataDateTime(new Date(Number.NaN)), { name: "InvalidInput", message: /\(not a date\)/ });
  });
});
