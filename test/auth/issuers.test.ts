// Accepted token issuers come from the authority's OpenID configuration documents, fetched once, with the token's
// tenant put in; the known clouds' issuers stand in only while a document cannot be read, with one warning.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import type { OutboundFetch } from "../../src/net/outbound.js";
import { EntraIssuers } from "../../src/auth/entra-issuers.js";
import { OpenIdConfiguration } from "../../src/auth/openid-configuration.js";
import type { EntraConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/logging/logger.js";
import { ALICE, useHarness } from "../support/harness.js";
import { errorMessage, postMcp } from "../support/raw-mcp.js";

const OTHER_TENANT = "22222222-2222-4222-8222-222222222222";
const WRONG_ISSUER = "The access token was not issued by this server's sign-in authority for the token's own tenant.";

describe("token issuers from the authority's OpenID configuration", () => {
  describe("an authority whose v1.0 document names an issuer host of its own, as a new cloud's does", () => {
    const harness = useHarness({}, { issuers: { v1IssuerHost: "https://sts.contoso.test" } });
    const url = (): URL => harness().server.url;

    it("accepts v2.0 and v1.0 tokens with the advertised issuers, and reads each document once", async () => {
      for (const v1 of [false, true, false, true]) {
        const reply = await postMcp(url(), `Bearer ${await harness().entra.token(ALICE, { v1 })}`);
        assert.equal(reply.status, 200, `${v1 ? "v1.0" : "v2.0"}: ${errorMessage(reply)}`);
      }
      // Validation reads the configured tenant's two documents; msal-node reads the user's tenant's for On-Behalf-Of.
      assert.deepEqual([...harness().entra.discoveryRequests].sort(), ["1.0 organizations", `2.0 ${ALICE.tenantId}`, "2.0 organizations"]);
    });

    it("refuses the issuers the documents do not advertise, and an issuer naming another tenant than tid", async () => {
      const issuers = [
        `https://login.microsoftonline.com/${ALICE.tenantId}/v2.0`,
        `https://sts.windows.net/${ALICE.tenantId}/`,
        `${harness().authorityHost}/${OTHER_TENANT}/v2.0`,
        `https://sts.contoso.test/${OTHER_TENANT}/`,
      ];
      for (const iss of issuers) {
        const reply = await postMcp(url(), `Bearer ${await harness().entra.token(ALICE, { claims: { iss } })}`);
        assert.equal(reply.status, 401, iss);
        assert.equal(errorMessage(reply), WRONG_ISSUER, iss);
      }
    });
  });

  describe("a v1.0 document that cannot be read, at an authority outside the known clouds", () => {
    const harness = useHarness();
    const url = (): URL => harness().server.url;

    it("refuses v1.0 tokens with one warning, and keeps serving v2.0 tokens", async () => {
      harness().entra.takeDiscoveryDown("1.0", true);
      for (let attempt = 0; attempt < 2; attempt++) {
        const reply = await postMcp(url(), `Bearer ${await harness().entra.token(ALICE, { v1: true })}`);
        assert.equal(reply.status, 401);
        assert.equal(errorMessage(reply), WRONG_ISSUER);
      }
      const v2 = await postMcp(url(), `Bearer ${await harness().entra.token(ALICE)}`);
      assert.equal(v2.status, 200, errorMessage(v2));
      const warnings = harness().logs.filter((line) => line.msg.startsWith("cannot read the v1.0 token issuer"));
      assert.equal(warnings.length, 1, JSON.stringify(harness().logs));
      assert.match(warnings[0]?.msg ?? "", /v1\.0 tokens are refused until it can be read$/);
      // The failed document is asked again only after the cooldown, not by every request.
      assert.deepEqual(harness().entra.discoveryRequests.filter((r) => r.startsWith("1.0")), ["1.0 organizations"]);
    });
  });

  describe("a document that cannot be read, at a known cloud", () => {
    const tenantId = ALICE.tenantId;
    const entra = { authorityHost: new URL("https://login.microsoftonline.com"), tenant: "organizations", timeoutMs: 1000 } as EntraConfig;
    const unavailable: OutboundFetch = () => Promise.resolve(new Response("unavailable", { status: 503 }));

    it("accepts the cloud's own issuers meanwhile, and says so once", async () => {
      const lines: string[] = [];
      const output = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString("utf8"));
          done();
        },
      });
      const logger = createLogger("warn", output);
      const v2 = new OpenIdConfiguration(new URL("https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration"), 1000, unavailable);
      const issuers = new EntraIssuers(entra, v2, logger);
      assert.equal(await issuers.versionOf(`https://login.microsoftonline.com/${tenantId}/v2.0`, tenantId), "2.0");
      assert.equal(await issuers.versionOf(`https://sts.windows.net/${tenantId}/`, tenantId), "1.0");
      assert.equal(await issuers.versionOf(`https://sts.windows.net/${OTHER_TENANT}/`, tenantId), undefined);
      assert.equal(await issuers.versionOf(`https://login.evil.example/${tenantId}/v2.0`, tenantId), undefined);
      const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
      assert.deepEqual(messages, [
        "cannot read the v2.0 token issuer from the authority's OpenID configuration; accepting the known cloud's issuers until it can be read",
        "cannot read the v1.0 token issuer from the authority's OpenID configuration; accepting the known cloud's issuers until it can be read",
      ]);
    });
  });
});
