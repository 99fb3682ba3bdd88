// Client JSON that every later step would walk: nested past any real request, or tools/call arguments that are
// not an object. Both get a specific -32602 before any tool runs, in both protocol eras, and the server goes on.
import assert from "node:assert/strict";
import { MAX_JSON_DEPTH, shapeProblem } from "../../src/http/request-shape.js";
import { useHarness } from "../support/harness.js";
import { errorMessage, modernRequest, postMcp, toolCall } from "../support/raw-mcp.js";

const DEEP_MESSAGE = `Invalid params: the request nests JSON more than ${MAX_JSON_DEPTH} levels deep, which no tool's arguments need.`;
const ARGUMENTS_MESSAGE = "Invalid params: the arguments of tools/call must be a JSON object (or left out).";

/** `levels` objects, each inside the last. */
function nested(levels: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < levels; i++) value = { inner: value };
  return value;
}

describe("request shape", () => {
  it("measures nesting without recursion, arrays included, exactly at the bound", () => {
    assert.equal(shapeProblem(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH), undefined);
    assert.equal(shapeProblem(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH), "too_deep");
    assert.equal(shapeProblem([[[1]]], 2), "too_deep");
    assert.equal(shapeProblem([[1], { a: [2] }], 3), undefined);
    assert.equal(shapeProblem(nested(200_000), MAX_JSON_DEPTH), "too_deep");
    assert.equal(shapeProblem("text", 1), undefined);
  });

  it("finds a lone surrogate in any string or key, and lets paired ones (an emoji) through", () => {
    assert.equal(shapeProblem({ query: "budget 📊", list: ["東京", { "ключ": 1 }] }, MAX_JSON_DEPTH), undefined);
    assert.equal(shapeProblem({ uri: "m365://mail/\ud800" }, MAX_JSON_DEPTH), "ill_formed_text");
    assert.equal(shapeProblem([{ deep: [["x\udfff"]] }], MAX_JSON_DEPTH), "ill_formed_text");
    assert.equal(shapeProblem({ ["k\ud83d"]: "v" }, MAX_JSON_DEPTH), "ill_formed_text");
    assert.equal(shapeProblem(null, MAX_JSON_DEPTH), undefined);
    assert.equal(shapeProblem({ text: "\ud800", extra: nested(MAX_JSON_DEPTH + 1) }, MAX_JSON_DEPTH), "too_deep", "depth is named first");
  });

  describe("through the server", () => {
    const harness = useHarness();
    const bearer = async (): Promise<string> => `Bearer ${await harness().auth.token("alice-token")}`;

    it("refuses JSON nested 3,000 levels deep with -32602 naming the bound, in both eras, and keeps serving", async () => {
      const modern = modernRequest("tools/call", { name: "outlook_email_search", arguments: { query: "budget", extra: nested(3000) } }, 5);
      const reply = await postMcp(harness().server.url, await bearer(), modern.body, modern.headers);
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { jsonrpc: "2.0", error: { code: -32602, message: DEEP_MESSAGE }, id: 5 });
      const legacy = await postMcp(harness().server.url, await bearer(), toolCall("outlook_email_search", { query: "budget", extra: nested(3000) }, 6), { "mcp-protocol-version": "2025-11-25" });
      assert.equal(legacy.status, 400);
      assert.equal(errorMessage(legacy), DEEP_MESSAGE);
      assert.equal(harness().graph.requests.length, 0, "no tool ran");
      harness().graph.on("getMe", () => ({ body: { id: "a11ce000-0000-4000-8000-000000000001", displayName: "Alice Example", userPrincipalName: "alice@contoso.com" } })).on("getMailboxSettings", () => ({ body: { timeZone: "UTC" } }));
      const client = await harness().connect();
      assert.equal((await client.callTool({ name: "get_me", arguments: {} })).isError, undefined);
    });

    it("asks a caller without a token to sign in before judging the shape of its request", async () => {
      const modern = modernRequest("tools/call", { name: "get_me", arguments: nested(3000) });
      assert.equal((await postMcp(harness().server.url, undefined, modern.body, modern.headers)).status, 401);
    });

    it("answers arguments that are null, a string, a number or an array with -32602, without a validator dump", async () => {
      for (const args of [null, "budget", 5, ["budget"]]) {
        const modern = modernRequest("tools/call", { name: "get_me", arguments: args }, 7);
        const reply = await postMcp(harness().server.url, await bearer(), modern.body, modern.headers);
        assert.equal(reply.status, 200, JSON.stringify(args));
        assert.deepEqual(reply.body, { jsonrpc: "2.0", error: { code: -32602, message: ARGUMENTS_MESSAGE }, id: 7 });
        const legacy = await postMcp(harness().server.url, await bearer(), { ...toolCall("get_me", {}, 8), params: { name: "get_me", arguments: args } }, { "mcp-protocol-version": "2025-11-25" });
        assert.deepEqual(legacy.body, { jsonrpc: "2.0", error: { code: -32602, message: ARGUMENTS_MESSAGE }, id: 8 });
      }
      assert.equal(harness().graph.requests.length, 0);
    });

    it("refuses text that is not valid Unicode with -32602 before any tool runs", async () => {
      const modern = modernRequest("tools/call", { name: "read_resource", arguments: { uri: "m365://mail/\ud800" } }, 10);
      const reply = await postMcp(harness().server.url, await bearer(), modern.body, modern.headers);
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, { jsonrpc: "2.0", error: { code: -32602, message: "Invalid params: the request holds text that is not valid Unicode (a lone surrogate in a \\u escape)." }, id: 10 });
      assert.equal(harness().graph.requests.length, 0);
    });

    it("answers tools/call and resources/read without their required params with a -32602 naming what is missing", async () => {
      const cases: Array<[string, unknown, string]> = [
        ["resources/read", {}, "Invalid params: resources/read needs the resource's uri, a string."],
        ["resources/read", { uri: 5 }, "Invalid params: resources/read needs the resource's uri, a string."],
        ["resources/read", null, "Invalid params: resources/read needs params, a JSON object."],
        ["tools/call", { arguments: {} }, "Invalid params: tools/call needs the tool's name, a string."],
        ["tools/call", { name: ["get_me"] }, "Invalid params: tools/call needs the tool's name, a string."],
        ["tools/call", "get_me", "Invalid params: tools/call needs params, a JSON object."],
      ];
      for (const [method, params, message] of cases) {
        const legacy = await postMcp(harness().server.url, await bearer(), { jsonrpc: "2.0", id: 9, method, params }, { "mcp-protocol-version": "2025-11-25" });
        assert.equal(legacy.status, 200, `${method} ${JSON.stringify(params)}`);
        assert.deepEqual(legacy.body, { jsonrpc: "2.0", error: { code: -32602, message }, id: 9 }, `${method} ${JSON.stringify(params)}`);
      }
      assert.equal(harness().graph.requests.length, 0);
    });
  });
});
