// The conformance suite's diagnostic tools: served only by `sandbox --conformance-tools`, never beside the product's
// tools otherwise, and answering through this server's endpoint as the suite's checks expect.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSandbox, type SandboxRun } from "../../src/sandbox/sandbox.js";
import { modernRequest, postMcp } from "../support/raw-mcp.js";

const FIXTURES = ["test_missing_capability", "test_streaming_elicitation", "test_logging_tool"];

function sandboxEnv(): NodeJS.ProcessEnv {
  return { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), "m365-conformance-tools-")), M365_MCP_PORT: "0", M365_MCP_LOG_LEVEL: "silent" };
}

const bearer = (run: SandboxRun): string => `Bearer ${/^Bearer token: (\S+)$/m.exec(run.banner)?.[1] ?? ""}`;

async function modern(run: SandboxRun, method: string, params: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Promise<{ status: number; frames: Record<string, unknown>[] }> {
  const { body, headers } = modernRequest(method, params);
  const envelope = { ...(body["params"] as { _meta: Record<string, unknown> })._meta, ...meta };
  const response = await fetch(run.server.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: bearer(run), ...headers },
    body: JSON.stringify({ ...body, params: { ...params, _meta: envelope } }),
  });
  const text = await response.text();
  const frames = (response.headers.get("content-type") ?? "").includes("text/event-stream")
    ? text.split("\n").filter((line) => line.startsWith("data:")).map((line) => JSON.parse(line.slice(5)) as Record<string, unknown>)
    : [JSON.parse(text) as Record<string, unknown>];
  return { status: response.status, frames };
}

const toolNames = async (run: SandboxRun): Promise<string[]> => {
  const { frames } = await modern(run, "tools/list");
  return ((frames.at(-1)?.["result"] as { tools: { name: string }[] }).tools).map((t) => t.name);
};

describe("the conformance suite's diagnostic tools", function () {
  this.timeout(60_000);

  it("are not served by a sandbox started without --conformance-tools, which declares no logging", async () => {
    const run = await runSandbox(sandboxEnv());
    try {
      const names = await toolNames(run);
      assert.ok(names.includes("get_me"));
      for (const fixture of FIXTURES) assert.ok(!names.includes(fixture), fixture);
      const { frames } = await modern(run, "server/discover");
      assert.equal((frames[0]?.["result"] as { capabilities: Record<string, unknown> }).capabilities["logging"], undefined);
      const call = await postMcp(run.server.url, bearer(run), modernRequest("tools/call", { name: "test_logging_tool", arguments: {} }).body, modernRequest("tools/call", { name: "test_logging_tool" }).headers);
      assert.equal((call.body as { error?: { code: number } }).error?.code, -32602);
    } finally {
      await run.close();
    }
  });

  describe("with --conformance-tools", () => {
    let run: SandboxRun;
    before(async () => {
      run = await runSandbox(sandboxEnv(), { conformanceTools: true });
    });
    after(() => run.close());

    it("are listed after the product's tools", async () => {
      const names = await toolNames(run);
      assert.deepEqual(names.slice(-3), FIXTURES);
      assert.ok(names.includes("outlook_email_search"));
    });

    it("refuse input the client cannot give with -32021 and HTTP 400, naming the capability", async () => {
      const { status, frames } = await modern(run, "tools/call", { name: "test_missing_capability", arguments: {} });
      assert.equal(status, 400);
      const error = frames[0]?.["error"] as { code: number; data: { requiredCapabilities: Record<string, unknown> } };
      assert.equal(error.code, -32021);
      assert.deepEqual(error.data.requiredCapabilities, { sampling: {} });
    });

    it("log only when the request's _meta sets a logLevel", async () => {
      const quiet = await modern(run, "tools/call", { name: "test_logging_tool", arguments: {} });
      assert.equal(quiet.status, 200);
      assert.ok(!quiet.frames.some((f) => f["method"] === "notifications/message"));
      const verbose = await modern(run, "tools/call", { name: "test_logging_tool", arguments: {} }, { "io.modelcontextprotocol/logLevel": "debug" });
      const logged = verbose.frames.find((f) => f["method"] === "notifications/message");
      assert.deepEqual((logged?.["params"] as { level: string; data: string } | undefined)?.data, "test_logging_tool ran");
      assert.deepEqual((verbose.frames.at(-1)?.["result"] as { content: unknown[] }).content, [{ type: "text", text: "logged" }]);
    });
  });
});
