import assert from "node:assert/strict";
import { graphError } from "../support/mock-graph.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";
import { toolCalls } from "../support/tool-calls.js";
import { get_me_input, get_me_output } from "../../generated/validators.js";
import { bindHandler, ToolOutputError, type ToolContext } from "../../src/tools/types.js";

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
      workingHoursStart: "08:30",
      workingHoursEnd: "17:00",
      workingDays: ["monday", "tuesday", "wednesday", "thursday", "friday"],
    });
    assert.match(textOf(result), /^## Alice Example/);
    assert.match(textOf(result), /\*\*Job title\*\*: Product Manager/);
    assert.match(textOf(result), /\n- \*\*Working hours start\*\*: 08:30\n- \*\*Working hours end\*\*: 17:00\n/);
    assert.equal(graph.requestsFor("getMe")[0]?.query.get("$select"), "id,displayName,mail,userPrincipalName,jobTitle");
    assert.equal(graph.requestsFor("getMe")[0]?.caller.userId, ALICE.userId);
  });

  it("writes a time of day as HH:MM, with seconds only when they are not zero", async () => {
    const { graph } = harness();
    const workingHours = { ...SETTINGS.workingHours, startTime: "09:00", endTime: "17:30:15.5000000" };
    graph.on("getMe", () => ({ body: ME })).on("getMailboxSettings", () => ({ body: { ...SETTINGS, workingHours } }));
    const result = await call({});
    const out = result.structuredContent as { workingHoursStart?: string; workingHoursEnd?: string };
    assert.deepEqual([out.workingHoursStart, out.workingHoursEnd], ["09:00", "17:30:15"]);
    assert.match(textOf(result), /\*\*Working hours end\*\*: 17:30:15\n/);
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

describe("output schema enforcement", () => {
  const harness = useHarness();
  const { call } = toolCalls(harness, "get_me");

  it("never sends a structured result that breaks the tool's output schema: the call fails with a reference", async () => {
    // Graph may send a null userPrincipalName; get_me's output schema requires the string.
    harness().graph.on("getMe", () => ({ body: { ...ME, userPrincipalName: null } })).on("getMailboxSettings", () => ({ body: SETTINGS }));
    const result = await call({});
    assert.equal(result.isError, true);
    assert.equal(result.structuredContent, undefined);
    assert.match(textOf(result), /^The get_me tool failed unexpectedly \(reference [0-9a-f-]{36}\)\.$/);
    const event = harness().audit.find((e) => e.event === "tool.call") as { outcome?: string; errorKind?: string; errorCode?: string } | undefined;
    assert.deepEqual([event?.outcome, event?.errorKind, event?.errorCode], ["error", "internal", "invalid_output"]);
  });
});

describe("ToolOutputError", () => {
  it("names the failing paths and keywords, never the values, which are the user's content", async () => {
    const run = bindHandler(get_me_input, get_me_output, () =>
      Promise.resolve({ structured: { displayName: "Secret Project Falcon", userPrincipalName: 42 } as never, markdown: "" }),
    );
    await assert.rejects(run({}, {} as ToolContext), (error: unknown) => {
      assert.ok(error instanceof ToolOutputError);
      assert.equal(error.message, "The result does not match the output schema: /userPrincipalName type");
      return true;
    });
  });
});
