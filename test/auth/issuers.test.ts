// Accepted token issuers through the real server: they come from the authority's OpenID configuration documents
// (v2.0 and v1.0), bound to the token's tenant, with the known clouds' issuers only while a document can't be read.
import assert from "node:assert/strict";
import { ALICE, useHarness, type Harness } from "../support/harness.js";
import { ENTRA_HOST } from "../support/mock-entra.js";
import { postMcp } from "../support/raw-mcp.js";

const SOVEREIGN = { authorityHost: "https://login.example-sovereign.test", v1Issuer: "https://sts.example-sovereign.test/{tenantid}/" };
const OTHER_TENANT = "22222222-2222-4222-8222-222222222222";
const PINO_WARN = 40;

async function status(harness: Harness, options: { v1?: boolean; iss?: string } = {}): Promise<number> {
  const token = await harness.entra.token(ALICE, { v1: options.v1 ?? false, ...(options.iss ? { claims: { iss: options.iss } } : {}) });
  return (await postMcp(harness.server.url, `Bearer ${token}`)).status;
}

function refusalReason(harness: Harness): unknown {
  const failure = harness.audit.find((e) => e.event === "auth.failure");
  return failure && "reason" in failure ? failure.reason : undefined;
}

const warnings = (harness: Harness): Array<Record<string, unknown>> => harness.logs.filter((line) => (line["level"] as number) >= PINO_WARN);

describe("token issuers of an authority that is not a known cloud", () => {
  const harness = useHarness({}, { authority: SOVEREIGN });

  it("accepts a v2.0 token with the issuer its v2.0 document advertises", async () => {
    assert.equal(await status(harness()), 200);
    assert.deepEqual(warnings(harness()), []);
  });

  it("accepts a v1.0 token with the issuer its v1.0 document advertises", async () => {
    assert.equal(await status(harness(), { v1: true }), 200);
    assert.deepEqual(warnings(harness()), []);
  });

  it("refuses a v1.0 token whose issuer names another tenant than tid", async () => {
    assert.equal(await status(harness(), { v1: true, iss: `https://sts.example-sovereign.test/${OTHER_TENANT}/` }), 401);
    assert.equal(refusalReason(harness()), "wrong_issuer");
  });

  it("refuses the public cloud's v1.0 issuer, which its documents do not advertise", async () => {
    assert.equal(await status(harness(), { v1: true, iss: `https://sts.windows.net/${ALICE.tenantId}/` }), 401);
    assert.equal(refusalReason(harness()), "wrong_issuer");
  });

  it("refuses the public cloud's v2.0 issuer, which its documents do not advertise", async () => {
    assert.equal(await status(harness(), { iss: `${ENTRA_HOST}/${ALICE.tenantId}/v2.0` }), 401);
    assert.equal(refusalReason(harness()), "wrong_issuer");
  });
});

describe("token issuer documents are fetched once", () => {
  const harness = useHarness({}, { authority: SOVEREIGN });

  it("reads each document once across many v1.0 and v2.0 requests", async () => {
    for (let i = 0; i < 3; i++) {
      assert.equal(await status(harness()), 200);
      assert.equal(await status(harness(), { v1: true }), 200);
    }
    const configured = harness().entra.discoveryRequests.filter((request) => request.endsWith(" organizations"));
    assert.deepEqual(configured, ["2.0 organizations", "1.0 organizations"], "the v2.0 document serves the keys and the issuer alike");
  });
});

describe("token issuers when the v1.0 document cannot be fetched", () => {
  const harness = useHarness();

  it("accepts the known cloud's issuers meanwhile, warns once, and reads the document after the cooldown", async () => {
    const { entra } = harness();
    entra.takeDiscoveryDown("1.0");
    assert.equal(await status(harness()), 200, "a v2.0 token does not wait for the v1.0 document");
    for (let i = 0; i < 3; i++) assert.equal(await status(harness(), { v1: true }), 200);
    const v1Document = `${ENTRA_HOST}/organizations/.well-known/openid-configuration`;
    assert.deepEqual(
      warnings(harness()).map((line) => [line["msg"], line["url"], line["problem"]]),
      [["cannot read the v1.0 token issuer from the authority's OpenID configuration; accepting the known cloud's issuers until it can be read", v1Document, `${v1Document} answered 503`]],
    );
    assert.deepEqual(entra.discoveryRequests.filter((request) => request.startsWith("1.0")), ["1.0 organizations"], "no refetch within the cooldown");
    entra.restoreDiscovery();
    // The retry is timed with Date.now, like the keys' cooldown: step past it rather than wait.
    const realNow = Date.now;
    Date.now = () => realNow() + 31_000;
    try {
      assert.equal(await status(harness(), { v1: true }), 200);
    } finally {
      Date.now = realNow;
    }
    assert.deepEqual(entra.discoveryRequests.filter((request) => request.startsWith("1.0")), ["1.0 organizations", "1.0 organizations"]);
    assert.equal(warnings(harness()).length, 1, "the fallback is warned about once, not per request");
  });
});

describe("token issuers when the v1.0 document of an unknown cloud cannot be fetched", () => {
  const harness = useHarness({}, { authority: SOVEREIGN });

  it("refuses v1.0 tokens, which no known cloud vouches for, and still serves v2.0 tokens", async () => {
    harness().entra.takeDiscoveryDown("1.0");
    assert.equal(await status(harness(), { v1: true }), 401);
    assert.equal(refusalReason(harness()), "wrong_issuer");
    assert.equal(await status(harness(), { v1: true }), 401);
    assert.equal(await status(harness()), 200);
    assert.deepEqual(warnings(harness()).map((line) => line["msg"]), ["cannot read the v1.0 token issuer from the authority's OpenID configuration; v1.0 tokens are refused until it can be read"]);
  });
});

for (const [what, issuer, problem] of [
  ["an http issuer", "http://login.microsoftonline.com/{tenantid}/v2.0", "its issuer http://login.microsoftonline.com/{tenantid}/v2.0 is not an https URL"],
  ["an issuer without the tenant", "https://login.microsoftonline.com/v2.0", "its issuer https://login.microsoftonline.com/v2.0 names neither {tenantid} nor the tenant organizations"],
] as const) {
  describe(`token issuers when the v2.0 document advertises ${what}`, () => {
    const harness = useHarness();

    it("falls back to the known cloud's v2.0 issuer, warns once, and v1.0 tokens keep their document's", async () => {
      harness().entra.advertiseIssuer("2.0", issuer);
      for (let i = 0; i < 2; i++) {
        assert.equal(await status(harness()), 200);
        assert.equal(await status(harness(), { v1: true }), 200);
      }
      assert.deepEqual(
        warnings(harness()).map((line) => [line["msg"], line["problem"]]),
        [["cannot read the v2.0 token issuer from the authority's OpenID configuration; accepting the known cloud's issuers until it can be read", problem]],
      );
    });
  });
}

describe("token issuers of a single tenant's documents", () => {
  const harness = useHarness({ M365_MCP_TENANT: ALICE.tenantId }, { authority: SOVEREIGN });

  it("reads the tenant's concrete issuers and keeps them bound to tid", async () => {
    assert.equal(await status(harness()), 200);
    assert.equal(await status(harness(), { v1: true }), 200);
    assert.equal(await status(harness(), { v1: true, iss: `https://sts.example-sovereign.test/${OTHER_TENANT}/` }), 401);
    assert.deepEqual(harness().entra.discoveryRequests.filter((request) => request.startsWith("1.0")), [`1.0 ${ALICE.tenantId}`]);
    assert.deepEqual(warnings(harness()), []);
  });
});
