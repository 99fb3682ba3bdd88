// Token validation through the real server: every bad token is refused with the right status and challenge,
// a valid v1.0 or v2.0 token is served, and the protected-resource metadata tells clients how to sign in.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createPublicKey } from "node:crypto";
import { request } from "node:http";
import { ALICE, useHarness } from "../support/harness.js";
import { API_SCOPE, CLIENT_ID, type TestUser } from "../support/mock-entra.js";
import { errorMessage, postMcp } from "../support/raw-mcp.js";

const RESOURCE_METADATA = "https://mcp.contoso.test/.well-known/oauth-protected-resource/mcp";
const SCOPE = `api://${CLIENT_ID}/${API_SCOPE}`;
const PERSONAL_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
const OTHER_TENANT = "22222222-2222-4222-8222-222222222222";

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function challenge(error: string, description: string): string {
  return `Bearer error="${error}", error_description="${description}", resource_metadata="${RESOURCE_METADATA}", scope="${SCOPE}"`;
}

describe("access tokens", () => {
  const harness = useHarness();
  const url = (): URL => harness().server.url;

  async function refusal(token: string): Promise<{ status: number; challenge: string | null; message: string; reason: unknown }> {
    const reply = await postMcp(url(), `Bearer ${token}`);
    const failure = harness().audit.find((e) => e.event === "auth.failure");
    return { status: reply.status, challenge: reply.headers.get("www-authenticate"), message: errorMessage(reply), reason: failure && "reason" in failure ? failure.reason : undefined };
  }

  const mint = (claims: Record<string, unknown>, user: TestUser = ALICE): Promise<string> => harness().entra.token(user, { claims });

  it("serves a valid v2.0 token and records the sign-in", async () => {
    const reply = await postMcp(url(), `Bearer ${await harness().entra.token(ALICE)}`);
    assert.equal(reply.status, 200);
    assert.deepEqual(harness().audit.find((e) => e.event === "auth.success"), {
      event: "auth.success",
      requestId: reply.headers.get("x-request-id"),
      tenantId: ALICE.tenantId,
      userId: ALICE.userId,
      upn: ALICE.upn,
      clientAppId: "a0000000-0000-4000-8000-0000000000c1",
    });
  });

  it("serves a valid v1.0 token (sts.windows.net issuer, api:// audience)", async () => {
    const client = await harness().connectWithToken(await harness().entra.token(ALICE, { v1: true }));
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === "get_me"));
  });

  it("asks for a token, with the resource metadata and scope, when none is sent", async () => {
    const reply = await postMcp(url(), undefined);
    assert.equal(reply.status, 401);
    assert.equal(reply.headers.get("www-authenticate"), `Bearer resource_metadata="${RESOURCE_METADATA}", scope="${SCOPE}"`);
    assert.match(errorMessage(reply), /^Sign-in required/);
  });

  it("answers another authentication scheme with a bare challenge (RFC 6750 3.1)", async () => {
    const reply = await postMcp(url(), "Basic YWxpY2U6cGFzcw==");
    assert.equal(reply.status, 401);
    assert.equal(reply.headers.get("www-authenticate"), `Bearer resource_metadata="${RESOURCE_METADATA}", scope="${SCOPE}"`);
    assert.equal(errorMessage(reply), "This server accepts only Bearer access tokens from Microsoft Entra ID.");
  });

  it("refuses a Bearer header without a single token as invalid_token", async () => {
    const reply = await postMcp(url(), "Bearer two parts");
    assert.equal(reply.status, 401);
    assert.equal(reply.headers.get("www-authenticate"), challenge("invalid_token", "The Authorization header must be `Bearer <access token>`."));
  });

  const invalid: Array<[string, () => Promise<string>, string, string]> = [
    ["an expired token", () => mint({ exp: nowSeconds() - 600, nbf: nowSeconds() - 4000, iat: nowSeconds() - 4000 }), "expired", "The access token has expired; sign in again."],
    ["a token that is not valid yet", () => mint({ nbf: nowSeconds() + 600 }), "not_yet_valid", "The access token is not valid yet (nbf is in the future)."],
    ["a token for another API", () => mint({ aud: "api://another-api" }), "wrong_audience", "The access token was issued for another API (wrong audience)."],
    ["a token from another issuer", () => mint({ iss: `https://login.evil.example/${ALICE.tenantId}/v2.0` }), "wrong_issuer", "The access token was not issued by this server's sign-in authority for the token's own tenant."],
    ["a token whose issuer names another tenant than tid", () => mint({ iss: `${harness().authorityHost}/${OTHER_TENANT}/v2.0` }), "wrong_issuer", "The access token was not issued by this server's sign-in authority for the token's own tenant."],
    ["a token whose tid is not a tenant id", () => mint({ tid: "contoso", iss: `${harness().authorityHost}/contoso/v2.0` }), "wrong_issuer", "The access token's tenant (tid) is not a tenant id."],
    ["a token signed by a key Entra does not publish", () => harness().entra.token(ALICE, { rogueKey: true }), "unknown_key", "The access token was signed with a key the sign-in authority does not publish."],
    ["a token whose kid is unknown", () => harness().entra.token(ALICE, { header: { kid: "no-such-key" } }), "unknown_key", "The access token was signed with a key the sign-in authority does not publish."],
    ["a token signed by another key under a published kid", () => harness().entra.token(ALICE, { rogueKey: true, header: { kid: harness().entra.kid } }), "bad_signature", "The access token's signature is invalid."],
    ["a token without a user (oid)", () => mint({ oid: undefined }), "malformed", "The access token names no user (oid)."],
  ];
  for (const [what, token, reason, description] of invalid) {
    it(`refuses ${what} with 401 invalid_token`, async () => {
      const result = await refusal(await token());
      assert.deepEqual(result, { status: 401, challenge: challenge("invalid_token", description), message: description, reason });
    });
  }

  it("refuses alg none", async () => {
    const now = nowSeconds();
    const token = `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ aud: CLIENT_ID, iss: `${harness().authorityHost}/${ALICE.tenantId}/v2.0`, tid: ALICE.tenantId, oid: ALICE.userId, scp: API_SCOPE, exp: now + 3600, nbf: now })}.`;
    const description = "The access token must be signed with RS256.";
    assert.deepEqual(await refusal(token), { status: 401, challenge: challenge("invalid_token", description), message: description, reason: "bad_algorithm" });
  });

  it("refuses HS256 signed with the authority's public key as the secret", async () => {
    const valid = await harness().entra.token(ALICE);
    const payload = valid.split(".")[1] ?? "";
    const keys = (await (await harness().fetch(`${harness().authorityHost}/organizations/discovery/v2.0/keys`)).json()) as { keys: Array<Record<string, unknown>> };
    const publicPem = createPublicKey({ key: keys.keys[0] as never, format: "jwk" }).export({ type: "spki", format: "pem" });
    const header = base64url({ alg: "HS256", typ: "JWT", kid: harness().entra.kid });
    const signature = createHmac("sha256", publicPem).update(`${header}.${payload}`).digest("base64url");
    const description = "The access token must be signed with RS256.";
    assert.deepEqual(await refusal(`${header}.${payload}.${signature}`), { status: 401, challenge: challenge("invalid_token", description), message: description, reason: "bad_algorithm" });
  });

  it("refuses a truncated token", async () => {
    const valid = await harness().entra.token(ALICE);
    const description = "The access token's signature is invalid.";
    assert.deepEqual(await refusal(valid.slice(0, -10)), { status: 401, challenge: challenge("invalid_token", description), message: description, reason: "bad_signature" });
  });

  for (const garbage of ["garbage", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.!!!.???", "x".repeat(15_000)]) {
    it(`refuses the garbage token ${garbage.slice(0, 20)}… as malformed`, async () => {
      const description = "The access token is not a valid JWT.";
      assert.deepEqual(await refusal(garbage), { status: 401, challenge: challenge("invalid_token", description), message: description, reason: "malformed" });
    });
  }

  it("refuses a token over 16 kB without crashing", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url(), { method: "POST", headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${"x".repeat(20_000)}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end("{}");
    });
    assert.equal(status, 431);
    assert.equal((await postMcp(url(), `Bearer ${await harness().entra.token(ALICE)}`)).status, 200, "the server still serves after the oversized request");
  });

  it("refuses a personal Microsoft account with 403 and says why", async () => {
    const token = await mint({ tid: PERSONAL_TENANT, iss: `${harness().authorityHost}/${PERSONAL_TENANT}/v2.0` });
    assert.deepEqual(await refusal(token), {
      status: 403,
      challenge: null,
      message: "Personal Microsoft accounts can't be used with this server: sign in with a work or school account.",
      reason: "personal_account",
    });
  });

  it("refuses an app-only token with 403: a delegated user token is required", async () => {
    const token = await mint({ scp: undefined, roles: ["Files.Read.All"], idtyp: "app" });
    assert.deepEqual(await refusal(token), {
      status: 403,
      challenge: null,
      message: "This server acts only for a signed-in user: an app-only token can't be used; a delegated user token is required.",
      reason: "app_only",
    });
  });

  it("refuses a token without the API scope with 403 insufficient_scope", async () => {
    const description = `The access token lacks the ${API_SCOPE} scope of this API.`;
    assert.deepEqual(await refusal(await mint({ scp: "User.Read" })), { status: 403, challenge: challenge("insufficient_scope", description), message: description, reason: "missing_scope" });
  });
});

describe("signing key rollover", () => {
  const harness = useHarness();

  it("fetches the keys once, again for an unknown kid, and at most once per cooldown", async () => {
    const { entra, server } = harness();
    assert.equal((await postMcp(server.url, `Bearer ${await entra.token(ALICE)}`)).status, 200);
    assert.equal((await postMcp(server.url, `Bearer ${await entra.token(ALICE)}`)).status, 200);
    assert.deepEqual(entra.keyRequests, ["organizations"]);
    const unknownKid = async (kid: string): Promise<number> => (await postMcp(server.url, `Bearer ${await entra.token(ALICE, { header: { kid } })}`)).status;
    assert.equal(await unknownKid("rotated-1"), 401);
    assert.deepEqual(entra.keyRequests, ["organizations"], "no refetch within the 30 s cooldown after a fetch");
    // jose times its cooldown with Date.now: step past it rather than wait.
    const realNow = Date.now;
    Date.now = () => realNow() + 31_000;
    try {
      assert.equal(await unknownKid("rotated-2"), 401);
      assert.equal(await unknownKid("rotated-3"), 401);
    } finally {
      Date.now = realNow;
    }
    assert.deepEqual(entra.keyRequests, ["organizations", "organizations"], "one refetch for the unknown kids after the cooldown");
  });
});

describe("protected-resource metadata", () => {
  const harness = useHarness({ M365_MCP_API_AUDIENCES: "https://mcp.contoso.test/mcp" });

  for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
    it(`serves ${path}`, async () => {
      const response = await fetch(new URL(path, harness().server.url));
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        resource: "https://mcp.contoso.test/mcp",
        authorization_servers: [`${harness().authorityHost}/organizations/v2.0`],
        scopes_supported: [`https://mcp.contoso.test/mcp/${API_SCOPE}`],
        bearer_methods_supported: ["header"],
        resource_documentation: "https://mcp.contoso.test/",
      });
    });
  }

  it("accepts a token whose audience is the configured Application ID URI", async () => {
    const token = await harness().entra.token(ALICE, { claims: { aud: "https://mcp.contoso.test/mcp" } });
    assert.equal((await postMcp(harness().server.url, `Bearer ${token}`)).status, 200);
  });
});

describe("protected-resource metadata behind a proxy path prefix", () => {
  const harness = useHarness({ M365_MCP_PUBLIC_URL: "https://contoso.example/m365/" });

  it("serves the path-specific document at the path its challenges name", async () => {
    const reply = await postMcp(harness().server.url, undefined);
    const metadata = "https://contoso.example/.well-known/oauth-protected-resource/m365/mcp";
    assert.equal(reply.headers.get("www-authenticate"), `Bearer resource_metadata="${metadata}", scope="${SCOPE}"`);
    const response = await fetch(new URL("/.well-known/oauth-protected-resource/m365/mcp", harness().server.url));
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { resource: string }).resource, "https://contoso.example/m365/mcp");
  });
});

describe("tenant allow-list in the configuration", () => {
  const harness = useHarness({ M365_MCP_ALLOWED_TENANTS: OTHER_TENANT });

  it("refuses a tenant that is not listed with 403 tenant not allowed", async () => {
    const reply = await postMcp(harness().server.url, `Bearer ${await harness().entra.token(ALICE)}`);
    assert.equal(reply.status, 403);
    assert.equal(errorMessage(reply), `This Microsoft 365 connector does not serve your organization (tenant ${ALICE.tenantId}): tenant not allowed. Ask the server's administrator to allow your tenant.`);
    assert.deepEqual(harness().audit.map((e) => [e.event, "reason" in e ? e.reason : undefined, "clientAppId" in e ? e.clientAppId : undefined]), [
      ["auth.failure", "tenant_not_allowed", "a0000000-0000-4000-8000-0000000000c1"],
    ]);
  });
});

describe("signing keys unavailable", () => {
  const harness = useHarness({ M365_MCP_ENTRA_TIMEOUT_MS: "1000" });

  it("answers 503 with Retry-After when Entra cannot give the keys, and recovers", async () => {
    harness().entra.takeKeysDown(true);
    const token = await harness().entra.token(ALICE);
    const reply = await postMcp(harness().server.url, `Bearer ${token}`);
    assert.equal(reply.status, 503);
    assert.equal(reply.headers.get("retry-after"), "30");
    assert.equal(errorMessage(reply), "Microsoft Entra ID could not be reached to check your sign-in; try again shortly.");
    harness().entra.takeKeysDown(false);
    assert.equal((await postMcp(harness().server.url, `Bearer ${token}`)).status, 200);
  });
});
