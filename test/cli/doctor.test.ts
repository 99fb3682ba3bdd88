// m365-mcp doctor, in process against the mock Entra and MSW handlers for Graph and the public URL: each check
// passes against a healthy setup, and each failure names its cause and its fix.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { CHECKS, renderChecks, runDoctor, type CheckResult } from "../../src/cli/doctor.js";
import { CLIENT_ID, CLIENT_SECRET, MockEntra } from "../support/mock-entra.js";

const TENANT = "11111111-1111-4111-8111-111111111111";
const PUBLIC = "https://mcp.contoso.test";
const METADATA_URL = `${PUBLIC}/.well-known/oauth-protected-resource/mcp`;
const GRAPH_ROOT = "https://graph.microsoft.com/v1.0/";
const ENV: NodeJS.ProcessEnv = { M365_MCP_CLIENT_ID: CLIENT_ID, M365_MCP_CLIENT_SECRET: CLIENT_SECRET, M365_MCP_PUBLIC_URL: PUBLIC, M365_MCP_TENANT: TENANT };
const PEM = "test/fixtures/credentials/app.pem";

/** What a server with ENV publishes. */
const METADATA = {
  resource: `${PUBLIC}/mcp`,
  authorization_servers: [`https://login.microsoftonline.com/${TENANT}/v2.0`],
  scopes_supported: [`api://${CLIENT_ID}/access_as_user`],
  bearer_methods_supported: ["header"],
  resource_documentation: `${PUBLIC}/`,
};

const byName = (results: CheckResult[], name: string): CheckResult => results.find((r) => r.name === name) ?? assert.fail(`no check ${name}`);

describe("m365-mcp doctor", function () {
  this.timeout(30_000);
  let entra: MockEntra;
  let msw: ReturnType<typeof setupServer>;

  before(async () => {
    entra = await MockEntra.create();
    msw = setupServer(
      ...entra.handlers,
      http.get(GRAPH_ROOT, () => HttpResponse.json({ error: { code: "InvalidAuthenticationToken", message: "Access token is empty." } }, { status: 401 })),
      http.get(METADATA_URL, () => HttpResponse.json(METADATA)),
    );
    msw.listen({ onUnhandledRequest: "error" });
  });
  afterEach(() => {
    msw.resetHandlers();
    entra.reset();
  });
  after(() => {
    msw.close();
  });

  /** The checks other than `name` (all of them without one), which must all pass. */
  const othersPass = (results: CheckResult[], name?: string): void => {
    assert.deepEqual(results.filter((r) => r.name !== name && !r.ok), []);
  };

  it("passes every check against a healthy setup, one line each", async () => {
    const results = await runDoctor({ env: ENV });
    assert.equal(
      renderChecks(results),
      [
        `✓ Configuration: single-tenant app ${CLIENT_ID} in tenant ${TENANT} (client secret), public URL ${PUBLIC}/mcp, no policy file, audit events to stdout only`,
        `✓ Entra discovery and signing keys: https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration answered; https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys lists 1 signing key.`,
        `✓ Client credentials: Entra accepted the client secret of app ${CLIENT_ID} in tenant ${TENANT}.`,
        `✓ Microsoft Graph reachable: ${GRAPH_ROOT} answered 401.`,
        `✓ Protected-resource metadata: ${METADATA_URL} names ${PUBLIC}/mcp, authorization server https://login.microsoftonline.com/${TENANT}/v2.0 and scope api://${CLIENT_ID}/access_as_user.`,
        "All 5 checks passed.",
        "",
      ].join("\n"),
    );
    const grant = entra.tokenRequests.at(-1);
    assert.equal(grant?.tenant, TENANT);
    assert.equal(grant.form.get("grant_type"), "client_credentials");
    assert.equal(grant.form.get("scope"), "https://graph.microsoft.com/.default");
  });

  it("a wrong client secret: AADSTS7000215, and where to find the right value", async () => {
    const results = await runDoctor({ env: { ...ENV, M365_MCP_CLIENT_SECRET: "not-the-secret" } });
    assert.deepEqual(byName(results, CHECKS.credentials), {
      name: CHECKS.credentials,
      ok: false,
      detail: "Entra rejected the client secret (AADSTS7000215: invalid client secret).",
      fix: "Set M365_MCP_CLIENT_SECRET to the secret's Value (not its Secret ID) from the app registration's Certificates & secrets page; if the value is lost, create a new secret there.",
    });
    othersPass(results, CHECKS.credentials);
    assert.match(renderChecks(results), /^✗ Client credentials: Entra rejected the client secret \(AADSTS7000215: invalid client secret\)\. Fix: Set M365_MCP_CLIENT_SECRET to the secret's Value/m);
    assert.match(renderChecks(results), /^1 of 5 checks failed\.$/m);
  });

  it("an expired secret, an unknown app, an unknown tenant: each with its own fix", async () => {
    entra.failNextExchange({ status: 401, error: "invalid_client", description: "AADSTS7000222: The provided client secret keys for app are expired.", codes: [7000222] });
    const expired = byName(await runDoctor({ env: ENV }), CHECKS.credentials);
    assert.equal(expired.detail, "The client secret has expired (AADSTS7000222).");
    assert.equal(expired.fix, "Create a new client secret under Certificates & secrets and set M365_MCP_CLIENT_SECRET to its Value (or switch to a certificate with M365_MCP_CLIENT_CERTIFICATE).");

    const otherApp = "0ddba11a-0000-4000-8000-000000000000";
    const unknownApp = byName(await runDoctor({ env: { ...ENV, M365_MCP_CLIENT_ID: otherApp } }), CHECKS.credentials);
    assert.equal(unknownApp.detail, `No app with client ID ${otherApp} exists in tenant ${TENANT} (AADSTS700016).`);
    assert.equal(unknownApp.fix, `Check M365_MCP_CLIENT_ID (the Application (client) ID on the app registration's Overview page) and the tenant: ${TENANT} must be the tenant the app is registered in.`);

    entra.failNextExchange({ status: 400, error: "invalid_request", description: "AADSTS90002: Tenant not found.", codes: [90002] });
    const unknownTenant = byName(await runDoctor({ env: ENV }), CHECKS.credentials);
    assert.equal(unknownTenant.detail, `Tenant ${TENANT} was not found (AADSTS90002).`);
    assert.equal(unknownTenant.fix, "Check the tenant ID (M365_MCP_TENANT or --tenant): it must be a Directory (tenant) ID in the cloud of login.microsoftonline.com.");
  });

  it("a certificate Entra does not know: the thumbprint to look for in the portal", async () => {
    entra.failNextExchange({ status: 401, error: "invalid_client", description: "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.", codes: [700027] });
    const env = { ...ENV, M365_MCP_CLIENT_SECRET: "", M365_MCP_CLIENT_CERTIFICATE: PEM };
    const result = byName(await runDoctor({ env }), CHECKS.credentials);
    const thumbprint = new X509Certificate(readFileSync(PEM)).fingerprint.replace(/:/g, "");
    assert.deepEqual(result, {
      name: CHECKS.credentials,
      ok: false,
      detail: "Entra does not accept the certificate: it is not registered on the app (AADSTS700027).",
      fix: `Upload the certificate (its public part, as .cer or .pem) to the app registration under Certificates & secrets > Certificates; the portal should list thumbprint ${thumbprint}.`,
    });
    assert.ok(entra.tokenRequests.at(-1)?.form.get("client_assertion"), "the certificate signed a client assertion");
  });

  it("a token endpoint that cannot be reached", async () => {
    msw.use(http.post(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, () => HttpResponse.error()));
    const results = await runDoctor({ env: ENV });
    assert.deepEqual(byName(results, CHECKS.credentials), {
      name: CHECKS.credentials,
      ok: false,
      detail: "Entra could not be asked for a token: login.microsoftonline.com could not be reached or did not answer within 10000 ms.",
      fix: "This server must reach login.microsoftonline.com over HTTPS: check DNS, firewalls and proxies.",
    });
    othersPass(results, CHECKS.credentials);
  });

  it("a registered certificate passes", async () => {
    entra.registerCertificate(readFileSync(PEM, "utf8"));
    const results = await runDoctor({ env: { ...ENV, M365_MCP_CLIENT_SECRET: "", M365_MCP_CLIENT_CERTIFICATE: PEM } });
    assert.equal(byName(results, CHECKS.credentials).detail, `Entra accepted the client certificate of app ${CLIENT_ID} in tenant ${TENANT}.`);
    othersPass(results);
  });

  it("a multi-tenant app needs --tenant for the credentials check, and says so", async () => {
    const env = { ...ENV, M365_MCP_TENANT: "organizations" };
    msw.use(http.get(METADATA_URL, () => HttpResponse.json({ ...METADATA, authorization_servers: ["https://login.microsoftonline.com/organizations/v2.0"] })));
    const without = await runDoctor({ env });
    assert.deepEqual(byName(without, CHECKS.credentials), {
      name: CHECKS.credentials,
      ok: false,
      detail: "Not checked: a multi-tenant app (M365_MCP_TENANT=organizations) needs its home tenant to ask Entra for a client-credentials token.",
      fix: "Run m365-mcp doctor --tenant <Directory (tenant) ID where the app is registered>.",
    });
    othersPass(without, CHECKS.credentials);
    const withTenant = await runDoctor({ env, tenant: TENANT });
    othersPass(withTenant);
    assert.equal(entra.tokenRequests.at(-1)?.tenant, TENANT);
  });

  it("signing keys Entra does not serve", async () => {
    entra.takeKeysDown(true);
    const results = await runDoctor({ env: ENV });
    assert.deepEqual(byName(results, CHECKS.discovery), {
      name: CHECKS.discovery,
      ok: false,
      detail: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys answered 503.`,
      fix: "This server must reach login.microsoftonline.com over HTTPS: check DNS, firewalls and proxies, and that M365_MCP_AUTHORITY_HOST is your cloud's sign-in host (e.g. https://login.microsoftonline.us for US Government).",
    });
    othersPass(results, CHECKS.discovery);
  });

  it("a discovery document Entra refuses for the tenant points at M365_MCP_TENANT", async () => {
    msw.use(http.get(`https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`, () => HttpResponse.json({ error: "invalid_tenant" }, { status: 400 })));
    const result = byName(await runDoctor({ env: ENV }), CHECKS.discovery);
    assert.equal(result.detail, `https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration answered 400.`);
    assert.equal(result.fix, `Check M365_MCP_TENANT (${TENANT}): it must be the Directory (tenant) ID on the app registration's Overview page, or organizations for a multi-tenant app.`);
  });

  it("Graph unreachable, or too slow", async () => {
    msw.use(http.get(GRAPH_ROOT, () => HttpResponse.error()));
    const unreachable = await runDoctor({ env: ENV });
    assert.deepEqual(byName(unreachable, CHECKS.graph), {
      name: CHECKS.graph,
      ok: false,
      detail: "graph.microsoft.com could not be reached.",
      fix: "This server must reach graph.microsoft.com over HTTPS: check DNS, firewalls and proxies, and M365_MCP_GRAPH_ENDPOINT for a national cloud (e.g. https://graph.microsoft.us).",
    });
    othersPass(unreachable, CHECKS.graph);

    msw.use(http.get(GRAPH_ROOT, async () => {
      await delay(3_000);
      return HttpResponse.json({});
    }));
    const started = Date.now();
    const slow = byName(await runDoctor({ env: { ...ENV, M365_MCP_ENTRA_TIMEOUT_MS: "1000" } }), CHECKS.graph);
    assert.equal(slow.detail, "graph.microsoft.com did not answer within 1000 ms.");
    assert.ok(Date.now() - started < 2_500, "the check gave up at the timeout");
  });

  it("metadata that disagrees with the configuration names each difference", async () => {
    msw.use(http.get(METADATA_URL, () => HttpResponse.json({ ...METADATA, resource: "https://old.contoso.test/mcp", scopes_supported: ["api://other/access_as_user"] })));
    const results = await runDoctor({ env: ENV });
    assert.deepEqual(byName(results, CHECKS.metadata), {
      name: CHECKS.metadata,
      ok: false,
      detail: `${METADATA_URL} disagrees with this configuration: it names the resource "https://old.contoso.test/mcp", but M365_MCP_PUBLIC_URL makes it ${PUBLIC}/mcp; it names the scopes ["api://other/access_as_user"], but M365_MCP_API_SCOPE and M365_MCP_API_AUDIENCES make them ["api://${CLIENT_ID}/access_as_user"].`,
      fix: "The server answering there runs with other settings: give it the same M365_MCP_PUBLIC_URL, M365_MCP_TENANT, M365_MCP_AUTHORITY_HOST and API settings as this configuration and restart it (or run the doctor with the server's settings).",
    });
    othersPass(results, CHECKS.metadata);
  });

  it("metadata the proxy does not forward, or a server that is not running", async () => {
    msw.use(http.get(METADATA_URL, () => HttpResponse.json({ error: "not_found" }, { status: 404 })));
    const missing = byName(await runDoctor({ env: ENV }), CHECKS.metadata);
    assert.equal(missing.detail, `${METADATA_URL} answered 404.`);
    assert.equal(missing.fix, "Your reverse proxy must forward /.well-known/oauth-protected-resource/mcp and /mcp to this server unchanged; a 404 from the server itself means it runs without Entra sign-in.");

    msw.use(http.get(METADATA_URL, () => HttpResponse.error()));
    const down = byName(await runDoctor({ env: ENV }), CHECKS.metadata);
    assert.equal(down.detail, "mcp.contoso.test could not be reached.");
    assert.equal(down.fix, "Start the server (m365-mcp serve) and make mcp.contoso.test reach it: M365_MCP_PUBLIC_URL must be the address MCP clients use, served by your reverse proxy or load balancer.");
  });

  it("an invalid configuration fails the first check and skips the others", async () => {
    const results = await runDoctor({ env: { ...ENV, M365_MCP_PORT: "70000" } });
    assert.deepEqual(results, [
      { name: CHECKS.configuration, ok: false, detail: "Invalid configuration: M365_MCP_PORT: must be <= 65535 (got 70000)", fix: "Correct the settings named above (m365-mcp check-config lists every problem)." },
      ...[CHECKS.discovery, CHECKS.credentials, CHECKS.graph, CHECKS.metadata].map((name) => ({ name, ok: false, detail: "Not checked: the configuration is not usable.", fix: "Fix the configuration first." })),
    ]);
    assert.deepEqual(entra.tokenRequests, [], "nothing was asked of Entra");
  });

  it("without Entra settings, says which to set", async () => {
    const [config] = await runDoctor({ env: {} });
    assert.deepEqual(config, {
      name: CHECKS.configuration,
      ok: false,
      detail: "Entra sign-in is not configured (M365_MCP_CLIENT_ID is unset).",
      fix: "Set M365_MCP_CLIENT_ID, M365_MCP_CLIENT_SECRET (or M365_MCP_CLIENT_CERTIFICATE) and M365_MCP_PUBLIC_URL from your app registration.",
    });
  });

});
