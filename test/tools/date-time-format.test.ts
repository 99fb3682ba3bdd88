// Every date-time argument is checked at the edge for what a JavaScript Date can hold: RFC 3339's leap second
// (23:59:60) passed the schema and then crashed chat_message_search as an Invalid Date (found by the fuzzer).
// Date bounds that also take a plain date (DATE_PATTERN) are checked the same way.
import assert from "node:assert/strict";
import { tools } from "../../generated/tools.js";
import { DATE_PATTERN } from "../../src/tools/dates.js";
import { textOf, useHarness } from "../support/harness.js";

interface Schema {
  properties?: Record<string, { format?: string; pattern?: string }>;
}

const dateTimeFields = tools.flatMap((tool) =>
  Object.entries((tool.inputSchema as Schema).properties ?? {})
    .filter(([, property]) => property.format === "date-time" || property.pattern === DATE_PATTERN)
    .map(([field]) => ({ tool: tool.name, field })),
);

describe("date-time arguments", () => {
  const harness = useHarness();

  it("exist in the tools' schemas (so the next test checks something)", () => {
    assert.ok(dateTimeFields.length >= 4, JSON.stringify(dateTimeFields));
  });

  it("refuse a leap second, which a JavaScript Date cannot hold, naming the field, before any Graph request", async () => {
    const client = await harness().connect();
    for (const { tool, field } of dateTimeFields) {
      const result = await client.callTool({ name: tool, arguments: { query: "budget", [field]: "2026-12-31T23:59:60Z" } });
      assert.equal(result.isError, true, `${tool}.${field}`);
      assert.match(textOf(result), new RegExp(`\`${field}\` must be a date(-time| such as)`), `${tool}.${field}: ${textOf(result)}`);
    }
    assert.equal(harness().graph.requests.length, 0);
  });

  it("refuse a calendar window that would run past the year 9999, before any Graph request", async () => {
    const client = await harness().connect();
    const result = await client.callTool({ name: "outlook_calendar_search", arguments: { startDateTime: "9999-12-31T23:59:59Z" } });
    assert.equal(result.isError, true);
    // Refused at the edge, naming the argument, or where the window is written for Graph, naming the year bound.
    assert.match(textOf(result), /`startDateTime` must be|^A date of this search falls outside the years 1 to 9999 that Microsoft Graph takes \(\+010000-/);
    assert.equal(harness().graph.requests.length, 0);
  });
});
