import assert from "node:assert/strict";
import { graphError } from "../support/mock-graph.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";
import { toolCalls } from "../support/tool-calls.js";

const ME = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail,userPrincipalName,jobTitle)/$entity",
  id: ALICE.userId,
  displayName: "Alice Example",
  mail: "alice@contoso.com",
  userPrincipalName: "alice@contoso.com",
  jobTitle: "Product Manager",
};

const SETTINGS = {
  timeZone: "W. Europe Standard Time",
  workingHours: {
    daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
    startTime: "08:30:00.0000000",
    endTime: "17:00:00.0000000",
    timeZone: { name: "W. Europe Standard Time" },
  },
};

describe("get_me (declarative)", () => {
  const harness = useHarness();
  const { call } = toolCalls(harness, "get_me");

  it("returns the profile with time zone and working hours", async () => {
    const { graph } = harness();
    graph.on("getMe", () => ({ body: ME })).on("getMailboxSettings", () => ({ body: SETTINGS }));
    const result = await call({});
    assert.equal(result.isError, undefined);
    assert.deepEqual(result.structuredContent, {
      displayName: "Alice Example",
      mail: "alice@contoso.com",
      userPrincipalName: "alice@contoso.com",
      jobTitle: "Product Manager",
      timeZone: "W. Europe Standard Time",
      workingHoursStart: "08:30:00.0000000",
      workingHoursEnd: "17:00:00.0000000",
      workingDays: ["monday", "tuesday", "wednesday", "thursday", "friday"],
    });
    assert.match(textOf(result), /^## Alice Example/);
    assert.match(textOf(result), /\*\*Job title\*\*: Product Manager/);
    assert.equal(graph.requestsFor("getMe")[0]?.query.get("$select"), "id,displayName,mail,userPrincipalName,jobTitle");
    assert.equal(graph.requestsFor("getMe")[0]?.caller.userId, ALICE.userId);
  });

  it("leaves out mailbox settings when that permission is denied", async () => {
    const { graph } = harness();
    graph.on("getMe", () => ({ body: ME })).on("getMailboxSettings", () => graphError(403, "ErrorAccessDenied", "Access is denied."));
    const result = await call({});
    assert.equal(result.isError, undefined);
    assert.deepEqual(result.structuredContent, {
      displayName: "Alice Example",
      mail: "alice@contoso.com",
      userPrincipalName: "alice@contoso.com",
      jobTitle: "Product Manager",
    });
  });

  it("maps a Graph failure of the profile to a clear tool error", async () => {
    const { graph } = harness();
    graph.on("getMe", () => graphError(401, "InvalidAuthenticationToken", "Access token has expired.")).on("getMailboxSettings", () => ({ body: SETTINGS }));
    const result = await call({});
    assert.equal(result.isError, true);
    assert.equal(textOf(result), "Graph did not accept the caller's credentials (401 InvalidAuthenticationToken)");
  });

  it("rejects arguments it does not take", async () => {
    const result = await call({ user: "bob" });
    assert.equal(result.isError, true);
    assert.equal(textOf(result), "Invalid arguments: `user` is not an argument of this tool.");
  });
});
