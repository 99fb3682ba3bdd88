// m365-mcp doctor, in process against the mock Entra, a Graph root and the public URL's metadata document, each on
// its own loopback HTTPS socket whose certificate the doctor trusts only through M365_MCP_CA_FILE: each check passes
// against a healthy setup, and each failure names its cause and its fix.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { CHECKS, renderChecks, runDoctor, type CheckResult } from "../../src/cli/doctor.js";
import { simulatorCertificate } from "../../src/sandbox/certificate.js";
import { router, SimulatorHost, type Handler } from "../../src/sandbox/host.js";
import { CLIENT_ID, CLIENT_SECRET, MockEntra } from "../support/mock-entra.js";

const TENANT = "11111111-1111-4111-8111-111111111111";
const PEM = "test/fixtures/credentials/app.pem";
const METADATA_PATH = "/.well-known/oauth-protected-resource/mcp";
const CHECK_TIMEOUT_MS = 60_000;

const byName = (results: CheckResult[], name: string): CheckResult => results.find((r) => r.name === name) ?? assert.fail(`no check ${name}`);

/** `answer` for one method and path, everything else as `fallback` answers it. */
const only = (method: string, pathname: string, answer: Handler, fallback: Handler): Handler => (request) =>
  request.method === method && new URL(request.url).pathname === pathname ? answer(request) : fallback(request);

/** What the simulated Graph answers an unauthenticated GET of its root with, as Graph does. */
const graphRoot: Handler = router([
  { method: "GET", path: /^\/v1\.0\/$/, answer: () => Response.json({ error: { code: "InvalidAuthenticationToken", message: "Access token is empty." } }, { status: 401 }) },
]);

type HostName = "entra" | "graph" | "metadata";

describe("m365-mcp doctor", function () {
  // Three TLS hosts, RSA keys and every check against them: seconds on a loaded machine. A hang detector, not a measure of speed.
  this.timeout(60_000);
  const hosts = {} as Record<HostName, SimulatorHost>;
  /** A test's replacement for a host's default answers; cleared after each test. */
  const overrides = new Map<HostName, Handler>();
  let entra: MockEntra;
  let caDir: string;
  // The hosts' ports are only known once they listen, so everything naming them is set in before().
  let AUTHORITY: string;
  let GRAPH: string;
  let PUBLIC: string;
  let METADATA_URL: string;
  let GRAPH_ROOT: string;
  let ENV: NodeJS.ProcessEnv;
  /** What a server with ENV publishes. */
  let METADATA: Record<string, unknown>;
  /** host:port, as the doctor names a host it could not reach. */
  const hostOf = (origin: string): string => new URL(origin).host;

  before(async () => {
    [hosts.entra, hosts.graph, hosts.metadata] = await Promise.all([SimulatorHost.start(), SimulatorHost.start(), SimulatorHost.start()]);
    AUTHORITY = hosts.entra.origin;
    GRAPH = hosts.graph.origin;
    PUBLIC = hosts.metadata.origin;
    METADATA_URL = `${PUBLIC}${METADATA_PATH}`;
    GRAPH_ROOT = `${GRAPH}/v1.0/`;
    METADATA = {
      resource: `${PUBLIC}/mcp`,
      authorization_servers: [`${AUTHORITY}/${TENANT}/v2.0`],
      scopes_supported: [`api://${CLIENT_ID}/access_as_user`],
      bearer_methods_supported: ["header"],
      resource_documentation: `${PUBLIC}/`,
    };
    entra = await MockEntra.create(AUTHORITY, GRAPH);
    const defaults: Record<HostName, Handler> = {
      entra: entra.handler,
      graph: graphRoot,
      metadata: router([{ method: "GET", path: /^\/\.well-known\/oauth-protected-resource\/mcp$/, answer: () => Response.json(METADATA) }]),
    };
    for (const name of Object.keys(defaults) as HostName[]) hosts[name].handler = (request) => (overrides.get(name) ?? defaults[name])(request);
    // The doctor trusts the simulators' self-signed certificate only because this file names it.
    caDir = mkdtempSync(join(tmpdir(), "m365-doctor-"));
    const caFile = join(caDir, "simulators.pem");
    writeFileSync(caFile, (await simulatorCertificate()).cert);
    ENV = {
      M365_MCP_CLIENT_ID: CLIENT_ID,
      M365_MCP_CLIENT_SECRET: CLIENT_SECRET,
      M365_MCP_PUBLIC_URL: PUBLIC,
      M365_MCP_TENANT: TENANT,
      M365_MCP_AUTHORITY_HOST: AUTHORITY,
      M365_MCP_GRAPH_ENDPOINT: GRAPH,
      M365_MCP_CA_FILE: caFile,
      // The longest Entra timeout the setting allows, which the doctor also gives Graph and the metadata: the checks
      // that are not about a timeout must not fail because a loaded machine answered a loopback request slowly.
      M365_MCP_ENTRA_TIMEOUT_MS: String(CHECK_TIMEOUT_MS),
    };
  });
  afterEach(() => {
    overrides.clear();
    entra.reset();
  });
  after(async () => {
    await Promise.all(Object.values(hosts).map((host) => host.close()));
    rmSync(caDir, { recursive: true, force: true });
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
        `✓ Entra discovery and signing keys: ${AUTHORITY}/${TENANT}/v2.0/.well-known/openid-configuration answered; ${AUTHORITY}/${TENANT}/discovery/v2.0/keys lists 1 signing key.`,
        `✓ Client credentials: Entra accepted the client secret of app ${CLIENT_ID} in tenant ${TENANT}.`,
        `✓ Microsoft Graph reachable: ${GRAPH_ROOT} answered 401.`,
        `✓ Protected-resource metadata: ${METADATA_URL} names ${PUBLIC}/mcp, authorization server ${AUTHORITY}/${TENANT}/v2.0 and scope api://${CLIENT_ID}/access_as_user.`,
        "All 5 checks passed.",
        "",
      ].join("\n"),
    );
    const grant = entra.tokenRequests.at(-1);
    assert.equal(grant?.tenant, TENANT);
    assert.equal(grant.form.get("grant_type"), "client_credentials");
    assert.equal(grant.form.get("scope"), `${GRAPH}/.default`);
  });

  it("without M365_MCP_CA_FILE, refuses the simulators' self-signed certificate: trust comes only from that setting", async () => {
    const results = await runDoctor({ env: { ...ENV, M365_MCP_CA_FILE: "" } });
    const detail = (name: string): string => byName(results, name).detail;
    const untrusted = (url: string): string => `${hostOf(url)}'s TLS certificate is not signed by a trusted CA (DEPTH_ZERO_SELF_SIGNED_CERT).`;
    const advice = "If a TLS-inspecting proxy or a private CA signs its certificate, put that CA certificate (PEM) in M365_MCP_CA_FILE.";
    assert.equal(detail(CHECKS.discovery), untrusted(AUTHORITY));
    for (const name of [CHECKS.discovery, CHECKS.graph, CHECKS.metadata]) assert.ok(byName(results, name).fix?.endsWith(` ${advice}`), name);
    // msal reports its failed authority discovery as its own error, which hides the cause; the fix names the host.
    const credentials = byName(results, CHECKS.credentials);
    assert.equal(credentials.detail, `Entra could not be asked for a token: ${hostOf(AUTHORITY)} could not be reached or did not answer within ${CHECK_TIMEOUT_MS} ms (endpoints_resolution_error).`);
    assert.equal(credentials.fix, `This server must reach ${hostOf(AUTHORITY)} over HTTPS: check DNS, firewalls and proxies.`);
    assert.equal(detail(CHECKS.graph), untrusted(GRAPH));
    assert.equal(detail(CHECKS.metadata), untrusted(PUBLIC));
    assert.ok(byName(results, CHECKS.configuration).ok);
    assert.match(renderChecks(results), /^4 of 5 checks failed\.$/m);
    assert.deepEqual(entra.tokenRequests, [], "no request got past the TLS handshake");
    assert.deepEqual(entra.keyRequests, []);
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
    assert.equal(unknownTenant.fix, `Check the tenant ID (M365_MCP_TENANT or --tenant): it must be a Directory (tenant) ID in the cloud of ${hostOf(AUTHORITY)}.`);
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
    overrides.set("entra", only("POST", `/${TENANT}/oauth2/v2.0/token`, () => Response.error(), entra.handler));
    const results = await runDoctor({ env: ENV });
    assert.deepEqual(byName(results, CHECKS.credentials), {
      name: CHECKS.credentials,
      ok: false,
      detail: `Entra could not be asked for a token: ${hostOf(AUTHORITY)} could not be reached or did not answer within ${CHECK_TIMEOUT_MS} ms (network_error).`,
      fix: `This server must reach ${hostOf(AUTHORITY)} over HTTPS: check DNS, firewalls and proxies.`,
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
    overrides.set("metadata", () => Response.json({ ...METADATA, authorization_servers: [`${AUTHORITY}/organizations/v2.0`] }));
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
      detail: `${AUTHORITY}/${TENANT}/discovery/v2.0/keys answered 503.`,
      fix: `This server must reach ${hostOf(AUTHORITY)} over HTTPS: check DNS, firewalls and proxies, and that M365_MCP_AUTHORITY_HOST is your cloud's sign-in host (e.g. https://login.microsoftonline.us for US Government).`,
    });
    othersPass(results, CHECKS.discovery);
  });

  it("a discovery document Entra refuses for the tenant points at M365_MCP_TENANT", async () => {
    overrides.set("entra", only("GET", `/${TENANT}/v2.0/.well-known/openid-configuration`, () => Response.json({ error: "invalid_tenant" }, { status: 400 }), entra.handler));
    const result = byName(await runDoctor({ env: ENV }), CHECKS.discovery);
    assert.equal(result.detail, `${AUTHORITY}/${TENANT}/v2.0/.well-known/openid-configuration answered 400.`);
    assert.equal(result.fix, `Check M365_MCP_TENANT (${TENANT}): it must be the Directory (tenant) ID on the app registration's Overview page, or organizations for a multi-tenant app.`);
  });

  it("Graph unreachable, or too slow", async () => {
    overrides.set("graph", () => Response.error());
    const unreachable = await runDoctor({ env: ENV });
    assert.deepEqual(byName(unreachable, CHECKS.graph), {
      name: CHECKS.graph,
      ok: false,
      // The host drops the connection, which undici reports as UND_ERR_SOCKET ("other side closed").
      detail: `${hostOf(GRAPH)} could not be reached (UND_ERR_SOCKET).`,
      fix: `This server must reach ${hostOf(GRAPH)} over HTTPS: check DNS, firewalls and proxies, and M365_MCP_GRAPH_ENDPOINT for a national cloud (e.g. https://graph.microsoft.us).`,
    });
    othersPass(unreachable, CHECKS.graph);

    // Graph answers only after thirty times the timeout, and the check must give up at its timeout: within ten times
    // it, the doctor's other checks included, which no loaded machine's overhead reaches. The host does not tell a
    // handler that its client left, so the delay is unref'd: it cannot keep mocha alive.
    const TIMEOUT_MS = 1000;
    overrides.set("graph", async () => {
      await delay(30 * TIMEOUT_MS, undefined, { ref: false });
      return Response.json({});
    });
    const started = performance.now();
    const slow = byName(await runDoctor({ env: { ...ENV, M365_MCP_ENTRA_TIMEOUT_MS: String(TIMEOUT_MS) } }), CHECKS.graph);
    const elapsed = performance.now() - started;
    assert.equal(slow.detail, `${hostOf(GRAPH)} did not answer within 1000 ms.`);
    assert.ok(elapsed < 10 * TIMEOUT_MS, `the check gave up at the timeout, not when Graph answered: the doctor took ${Math.round(elapsed)} ms`);
  });

  it("metadata that disagrees with the configuration names each difference", async () => {
    overrides.set("metadata", () => Response.json({ ...METADATA, resource: "https://old.contoso.test/mcp", scopes_supported: ["api://other/access_as_user"] }));
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
    overrides.set("metadata", () => Response.json({ error: "not_found" }, { status: 404 }));
    const missing = byName(await runDoctor({ env: ENV }), CHECKS.metadata);
    assert.equal(missing.detail, `${METADATA_URL} answered 404.`);
    assert.equal(missing.fix, "Your reverse proxy must forward /.well-known/oauth-protected-resource/mcp and /mcp to this server unchanged; a 404 from the server itself means it runs without Entra sign-in.");

    overrides.set("metadata", () => Response.error());
    const down = byName(await runDoctor({ env: ENV }), CHECKS.metadata);
    assert.equal(down.detail, `${hostOf(PUBLIC)} could not be reached (UND_ERR_SOCKET).`);
    assert.equal(down.fix, `Start the server (m365-mcp serve) and make ${hostOf(PUBLIC)} reach it: M365_MCP_PUBLIC_URL must be the address MCP clients use, served by your reverse proxy or load balancer.`);
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
