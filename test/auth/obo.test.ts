// On-Behalf-Of through the real server and msal-node: one exchange per user token, tools that follow the
// permissions Entra actually granted, and each Entra failure answered the way a client can act on.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { ALICE, textOf, useHarness } from "../support/harness.js";
import { CLIENT_ID, type TestUser } from "../support/mock-entra.js";
import { errorMessage, postMcp, toolCall } from "../support/raw-mcp.js";

const ME = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
  id: ALICE.userId,
  displayName: "Alice Example",
  mail: "alice@contoso.com",
  userPrincipalName: "alice@contoso.com",
};
const SETTINGS = { timeZone: "UTC" };
const RESOURCE_METADATA = "https://mcp.contoso.test/.well-known/oauth-protected-resource/mcp";
const SCOPE = `api://${CLIENT_ID}/access_as_user`;

describe("On-Behalf-Of exchange", function () {
  // Starting a harness makes RSA keys, seconds of work on a loaded machine: a hang detector, not a measure of speed.
  this.timeout(60_000);
  // The default Entra timeout (10 s): a short one would be a deadline for every exchange here, which a loaded machine
  // can miss; the one test about the timeout has a suite of its own.
  const harness = useHarness();

  const mockMe = (): void => {
    harness().graph.on("getMe", () => ({ body: ME })).on("getMailboxSettings", () => ({ body: SETTINGS }));
  };

  it("exchanges a user token once for 20 tool calls, and once more for the user's next token", async () => {
    mockMe();
    const { entra, graph } = harness();
    const token = await entra.token(ALICE);
    for (let i = 0; i < 20; i++) {
      const reply = await postMcp(harness().server.url, `Bearer ${token}`, toolCall("get_me", {}, i));
      assert.equal(reply.status, 200);
      assert.equal((reply.body as { result: CallToolResult }).result.isError, undefined);
    }
    assert.equal(entra.tokenRequests.length, 1);
    const [exchange] = entra.tokenRequests;
    assert.equal(exchange?.tenant, ALICE.tenantId, "OBO goes to the user's own tenant");
    assert.deepEqual(
      { grant: exchange.form.get("grant_type"), use: exchange.form.get("requested_token_use"), assertion: exchange.form.get("assertion") === token, scope: exchange.form.get("scope")?.split(" ").sort() },
      { grant: "urn:ietf:params:oauth:grant-type:jwt-bearer", use: "on_behalf_of", assertion: true, scope: [`${harness().graphEndpoint}/.default`, "offline_access", "openid", "profile"] },
    );
    assert.deepEqual(new Set(graph.requestsFor("getMe").map((r) => r.caller.userId)), new Set([ALICE.userId]));
    // One line per tool call: the exchange and the sign-in are written once, and each call says where its token came from.
    const exchanges = harness().audit.flatMap((e) => (e.event === "obo.exchange" ? [`${e.source}:${e.outcome}`] : []));
    assert.deepEqual(exchanges, ["network:ok"]);
    assert.equal(harness().audit.filter((e) => e.event === "auth.success").length, 1);
    const calls = harness().audit.flatMap((e) => (e.event === "tool.call" ? [e.graphToken] : []));
    assert.deepEqual(calls, ["network", ...Array<string>(19).fill("cache")]);

    const next = await entra.token(ALICE);
    assert.equal((await postMcp(harness().server.url, `Bearer ${next}`, toolCall("get_me", {}))).status, 200);
    assert.equal((await postMcp(harness().server.url, `Bearer ${next}`, toolCall("get_me", {}))).status, 200);
    assert.equal(entra.tokenRequests.length, 2);
  });

  it("shares one exchange between concurrent requests with a new token", async () => {
    mockMe();
    const token = await harness().entra.token(ALICE);
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => postMcp(harness().server.url, `Bearer ${token}`, toolCall("get_me", {}, i))));
    assert.deepEqual(replies.map((r) => r.status), Array<number>(8).fill(200));
    assert.equal(harness().entra.tokenRequests.length, 1);
  });

  it("explains admin consent, with the tenant's consent URL, when consent is missing (AADSTS65001)", async () => {
    const { entra } = harness();
    entra.failNextExchange({
      status: 400,
      error: "invalid_grant",
      suberror: "consent_required",
      description: "AADSTS65001: The user or administrator has not consented to use the application with ID 'c0ffee00'. Send an interactive authorization request for this user and resource.",
      codes: [65001],
    }, 4);
    const client = await harness().connect();
    const { tools } = await client.listTools();
    assert.ok(tools.length >= 8, "every tool is listed, so calling one explains consent");
    const result = await client.callTool({ name: "get_me", arguments: {} });
    assert.equal(result.isError, true);
    assert.equal(
      textOf(result),
      `An administrator of your organization has not yet consented to this app's Microsoft Graph permissions, so it cannot act for you. ` +
        `A global or privileged-role administrator can grant consent for the whole organization at ${harness().authorityHost}/${ALICE.tenantId}/adminconsent?client_id=${CLIENT_ID}`,
    );
    const failed = harness().audit.find((e) => e.event === "obo.exchange" && e.outcome === "error");
    assert.equal(failed && "aadsts" in failed ? failed.aadsts : undefined, "AADSTS65001");
  });

  it("passes a conditional-access claims challenge to the client as 401 insufficient_claims", async () => {
    const claims = '{"access_token":{"capolids":{"essential":true,"values":["c1"]}}}';
    harness().entra.failNextExchange({
      status: 400,
      error: "interaction_required",
      description: "AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.",
      codes: [50076],
      claims,
    });
    const reply = await postMcp(harness().server.url, `Bearer ${await harness().entra.token(ALICE)}`);
    const message = "Your organization requires you to sign in again (multi-factor authentication or a conditional access policy).";
    assert.equal(reply.status, 401);
    assert.equal(
      reply.headers.get("www-authenticate"),
      `Bearer error="insufficient_claims", error_description="${message}", claims="${Buffer.from(claims).toString("base64")}", resource_metadata="${RESOURCE_METADATA}", scope="${SCOPE}"`,
    );
    assert.equal(errorMessage(reply), message);
  });

  for (const [code, description] of [
    [50013, "AADSTS50013: Assertion failed signature validation."],
    [500133, "AADSTS500133: Assertion is not within its valid time range."],
  ] as const) {
    it(`answers AADSTS${code} (invalid_grant) with 401 invalid_token`, async () => {
      harness().entra.failNextExchange({ status: 400, error: "invalid_grant", description, codes: [code] });
      const reply = await postMcp(harness().server.url, `Bearer ${await harness().entra.token(ALICE)}`);
      assert.equal(reply.status, 401);
      assert.equal(reply.headers.get("www-authenticate"), `Bearer error="invalid_token", error_description="Entra refused to exchange this token; sign in again.", resource_metadata="${RESOURCE_METADATA}", scope="${SCOPE}"`);
    });
  }

  for (const [error, code] of [
    ["invalid_client", 7000215],
    ["unauthorized_client", 700016],
  ] as const) {
    it(`tells the user it is the server's fault, not their sign-in, when Entra refuses the app (${error})`, async () => {
      harness().entra.failNextExchange({ status: 401, error, description: `AADSTS${code}: the app was refused.`, codes: [code] });
      const reply = await postMcp(harness().server.url, `Bearer ${await harness().entra.token(ALICE)}`);
      assert.equal(reply.status, 500);
      assert.equal(reply.headers.get("www-authenticate"), null, "no challenge: signing in again cannot help");
      assert.equal(
        errorMessage(reply),
        `Microsoft Entra ID refused this server's app credentials (AADSTS${code}), so it cannot act for anyone. This is not your sign-in: tell the server's administrator, who can run \`m365-mcp doctor\` to find the fix.`,
      );
    });
  }

  it("answers 503 when the token endpoint fails with a server error", async () => {
    harness().entra.failNextExchange({ status: 500, error: "temporarily_unavailable", description: "AADSTS90033: A transient error has occurred.", codes: [90033] });
    const reply = await postMcp(harness().server.url, `Bearer ${await harness().entra.token(ALICE)}`);
    assert.equal(reply.status, 503);
  });
});

describe("On-Behalf-Of exchange with M365_MCP_ENTRA_TIMEOUT_MS=1000", function () {
  this.timeout(60_000);
  const ENTRA_TIMEOUT_MS = 1000;
  const harness = useHarness({ M365_MCP_ENTRA_TIMEOUT_MS: String(ENTRA_TIMEOUT_MS) });

  it("answers 503 with Retry-After within the Entra timeout when the token endpoint hangs", async () => {
    // A first sign-in fetches Entra's discovery documents and keys, each under the same 1 s timeout, so that only the
    // hung exchange is left for the timed one. On a loaded machine the first may itself take longer than 1 s: it is
    // only the setup, so it is tried again.
    for (let attempt = 1; ; attempt++) {
      const warm = await postMcp(harness().server.url, `Bearer ${await harness().entra.token(ALICE)}`);
      if (warm.status === 200) break;
      assert.ok(attempt < 10, `a sign-in without the hang kept failing: ${warm.status} ${errorMessage(warm)}`);
    }
    // Entra answers only after ten times the timeout, and the server must answer after its timeout but long before
    // that: within five times the timeout, which is generous for a loaded machine's overhead and still tells the
    // configured timeout from a longer one. (The mock's delay is a plain timer: outliving the test, it only delays
    // the exit of a process that runs this file alone.)
    const HANG_MS = 10 * ENTRA_TIMEOUT_MS;
    const ANSWERED_WITHIN_MS = 5 * ENTRA_TIMEOUT_MS;
    harness().entra.delayExchanges(HANG_MS);
    const token = await harness().entra.token(ALICE);
    // Taken before the request is sent, so before the server's timeout starts: the answer cannot come sooner.
    const started = performance.now();
    const reply = await postMcp(harness().server.url, `Bearer ${token}`);
    const elapsed = performance.now() - started;
    assert.equal(reply.status, 503);
    assert.equal(reply.headers.get("retry-after"), "30");
    assert.equal(errorMessage(reply), "Microsoft Entra ID could not be reached to sign you in to Microsoft Graph; try again shortly.");
    assert.ok(elapsed >= ENTRA_TIMEOUT_MS - 50 && elapsed < ANSWERED_WITHIN_MS, `answered after ${Math.round(elapsed)} ms; the timeout is ${ENTRA_TIMEOUT_MS} ms`);
  });
});

describe("permission-gated tools", function () {
  this.timeout(60_000);
  const harness = useHarness();
  const MAIL_ONLY: TestUser = { ...ALICE, scopes: ["User.Read", "Mail.Read"] };

  const listed = async (name: string): Promise<string[]> => {
    const client = await harness().connect(name);
    return (await client.listTools()).tools.map((t) => t.name).sort();
  };

  it("lists only the tools whose permissions were granted", async () => {
    harness().auth.add("mail-only", MAIL_ONLY);
    assert.deepEqual(await listed("mail-only"), ["get_me", "outlook_email_search", "read_resource"]);
  });

  it("refuses a hidden tool, naming the missing permissions", async () => {
    harness().auth.add("mail-only", MAIL_ONLY);
    const client = await harness().connect("mail-only");
    const result = await client.callTool({ name: "chat_message_search", arguments: { query: "x" } });
    assert.equal(result.isError, true);
    assert.equal(
      textOf(result),
      "The chat_message_search tool needs the Microsoft Graph delegated permission Chat.Read or ChannelMessage.Read.All, which has not been granted to this app for you. " +
        "An administrator can grant it in Microsoft Entra ID (API permissions, then admin consent); it applies from your next sign-in.",
    );
    assert.equal(harness().graph.requests.length, 0);
    const denied = harness().audit.find((e) => e.event === "policy.denied");
    assert.deepEqual(denied && { reason: "reason" in denied ? denied.reason : undefined, tool: "tool" in denied ? denied.tool : undefined }, { reason: "missing_permission", tool: "chat_message_search" });
  });

  it("drops a tool at the next token exchange once its permission is revoked", async () => {
    harness().auth.add("before", { ...ALICE, scopes: ["User.Read", "Mail.Read", "Chat.Read"] });
    assert.ok((await listed("before")).includes("chat_message_search"));
    harness().auth.add("after", { ...ALICE, scopes: ["User.Read", "Mail.Read"] });
    assert.ok(!(await listed("after")).includes("chat_message_search"));
  });
});

describe("On-Behalf-Of with a certificate credential", function () {
  this.timeout(60_000);
  const PEM = "test/fixtures/credentials/app.pem";
  const harness = useHarness({ M365_MCP_CLIENT_SECRET: "", M365_MCP_CLIENT_CERTIFICATE: PEM });

  it("signs a client assertion with the certificate's key instead of sending a secret", async () => {
    const { entra, graph } = harness();
    entra.registerCertificate(readFileSync(PEM, "utf8"));
    graph.on("getMe", () => ({ body: ME })).on("getMailboxSettings", () => ({ body: SETTINGS }));
    const client = await harness().connect();
    const result = await client.callTool({ name: "get_me", arguments: {} });
    assert.equal(result.isError, undefined, textOf(result));
    const form = entra.tokenRequests[0]?.form;
    assert.equal(form?.get("client_secret"), null);
    assert.equal(form.get("client_assertion_type"), "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  });
});
