// The server on the wire as a deployment runs it: Graph and Entra on loopback sockets with ports, over http and
// https, with the simulated Graph as strict about credentials as Graph; and a sandbox token that works against a
// sandbox started later, in another process's lifetime.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectClient } from "../support/mcp-client.js";
import { getMe } from "../../generated/graph-client.js";
import { GraphHttp, MissingGraphToken } from "../../src/graph/client.js";
import { runSandbox } from "../../src/sandbox/sandbox.js";
import { SANDBOX_USERS } from "../../src/sandbox/tenant.js";
import { runCli } from "../cli/support.js";
import { ALICE, textOf, useHarness } from "../support/harness.js";

const ME = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail,userPrincipalName,jobTitle)/$entity",
  id: ALICE.userId,
  displayName: "Alice Example",
  mail: ALICE.upn,
  userPrincipalName: ALICE.upn,
  jobTitle: null,
};

for (const protocol of ["https", "http"] as const) {
  describe(`Graph at ${protocol === "https" ? "https://localhost:PORT" : "http://127.0.0.1:PORT"}`, () => {
    const harness = useHarness({}, { graphProtocol: protocol });

    it("is where the server sends the caller's Graph token, port and all", async () => {
      const { graph, graphEndpoint } = harness();
      assert.match(graphEndpoint, protocol === "https" ? /^https:\/\/localhost:\d+$/ : /^http:\/\/127\.0\.0\.1:\d+$/);
      graph.on("getMe", () => ({ body: ME })).on("getMailboxSettings", () => ({ body: { timeZone: "UTC" } }));
      const client = await harness().connect();
      const result = await client.callTool({ name: "get_me", arguments: {} });
      assert.equal(result.isError, undefined, textOf(result as never));
      const [request] = graph.requestsFor("getMe");
      assert.deepEqual(request?.caller, { tenantId: ALICE.tenantId, userId: ALICE.userId, scopes: ALICE.scopes });
      assert.match(request.headers.get("authorization") ?? "", /^Bearer eyJ/);
    });

    it("refuses, in the server, a Graph request that would carry no token or go to another host", async () => {
      const { graph, graphEndpoint } = harness();
      graph.on("getMe", () => ({ body: ME }));
      const http = new GraphHttp(new URL(graphEndpoint), harness().outbound);
      const bare = http.clientFor({ graphToken: () => Promise.resolve("") });
      await assert.rejects(getMe(bare, {}), (error: Error) => error instanceof MissingGraphToken && error.message === `a request to ${graphEndpoint} was about to be sent without the caller's token`);
      const elsewhere = http.clientFor({ graphToken: () => harness().entra.graphToken(ALICE) });
      await assert.rejects(getMe(elsewhere, {}, "https://graph.example.net/v1.0/me"), (error: Error) => error instanceof MissingGraphToken && error.message === "refusing to send the Graph token to https://graph.example.net");
      assert.deepEqual(graph.requests, [], "nothing reached Graph");
    });
  });
}

describe("the simulated Graph's credentials check", () => {
  const harness = useHarness();

  async function meWith(authorization: string | undefined): Promise<{ status: number; code: unknown; message: unknown }> {
    const response = await harness().fetch(`${harness().graphEndpoint}/v1.0/me`, authorization ? { headers: { authorization } } : {});
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    return { status: response.status, code: body.error?.code, message: body.error?.message };
  }

  it("answers 401 as Graph does: no token, a token for another audience, an expired token", async () => {
    const { graph, entra } = harness();
    graph.on("getMe", () => ({ body: ME }));
    const unauthenticated = (message: string): { status: number; code: unknown; message: unknown } => ({ status: 401, code: "InvalidAuthenticationToken", message });
    assert.deepEqual(await meWith(undefined), unauthenticated("Access token is empty."));
    assert.deepEqual(await meWith(`Bearer ${await entra.token(ALICE)}`), unauthenticated("Access token validation failure. Invalid audience."));
    assert.deepEqual(await meWith(`Bearer ${await entra.graphToken(ALICE, -60)}`), unauthenticated("Lifetime validation failed, the token is expired."));
    assert.deepEqual(graph.requests, [], "no resolver ran for a refused request");
    assert.equal(graph.unauthenticated.length, 3);
    graph.unauthenticated.length = 0;
    assert.deepEqual(await meWith(`Bearer ${await entra.graphToken(ALICE)}`), { status: 200, code: undefined, message: undefined });
  });
});

describe("sandbox tokens", function () {
  this.timeout(120_000);

  async function listTools(url: URL, token: string): Promise<string[]> {
    const client = await connectClient(url, token);
    try {
      return (await client.listTools()).tools.map((t) => t.name);
    } finally {
      await client.close();
    }
  }

  it("from `m365-mcp token` in another process, and from a banner, work against sandboxes started later", async () => {
    const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), "m365-wire-state-")), M365_MCP_PORT: "0", M365_MCP_LOG_LEVEL: "silent" };
    const alex = SANDBOX_USERS[1]?.upn ?? "";
    const minted = await runCli(["token", "--user", alex], env);
    assert.equal(minted.code, 0, minted.stderr);
    const first = await runSandbox(env);
    let bannerToken: string;
    try {
      assert.ok((await listTools(first.server.url, minted.stdout.trim())).includes("get_me"));
      bannerToken = /^Bearer token: (\S+)$/m.exec(first.banner)?.[1] ?? "";
    } finally {
      await first.close();
    }
    // A restart: new ports for every simulator, the same key and issuers.
    const second = await runSandbox(env);
    try {
      assert.ok((await listTools(second.server.url, bannerToken)).includes("get_me"));
      assert.ok((await listTools(second.server.url, minted.stdout.trim())).includes("get_me"));
    } finally {
      await second.close();
    }
  });
});
