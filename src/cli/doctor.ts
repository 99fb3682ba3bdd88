// A live diagnosis for when sign-in fails: the configuration, then each party the server depends on, in the order
// a request meets them. Every failed check says how to fix it.
import { X509Certificate } from "node:crypto";
import { AuthError, ConfidentialClientApplication, LogLevel, ServerError } from "@azure/msal-node";
import { EntraUnavailable, fetchEntraJson, TimedNetworkClient } from "../auth/entra-http.js";
import { CA_FILE_ADVICE, fetchFailure, Outbound, type FetchFailure, type OutboundFetch } from "../net/outbound.js";
import { aadstsOf, credential, PUBLIC_AUTHORITY_HOSTS } from "../auth/obo.js";
import type { Config, EntraConfig } from "../config/load.js";
import { metadataUrl } from "../http/protected-resource.js";
import { protectedResource } from "../server.js";
import { checkConfiguration, describeConfiguration } from "./validate.js";

export interface CheckResult {
  name: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** How to fix it; present on every failed check. */
  fix?: string;
}

export interface DoctorOptions {
  env: NodeJS.ProcessEnv;
  /** The app's home tenant, for the client-credentials check of a multi-tenant app. */
  tenant?: string;
}

export const CHECKS = {
  configuration: "Configuration",
  discovery: "Entra discovery and signing keys",
  credentials: "Client credentials",
  graph: "Microsoft Graph reachable",
  metadata: "Protected-resource metadata",
} as const;

const pass = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, ok: false, detail, fix });

type Reached = { ok: true; response: Response } | ({ ok: false } & FetchFailure);

async function reach(url: URL, timeoutMs: number, fetch: OutboundFetch): Promise<Reached> {
  try {
    return { ok: true, response: await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" }, redirect: "manual" }) };
  } catch (error) {
    return { ok: false, ...fetchFailure(url, error, timeoutMs) };
  }
}

/** A fix for an unreachable host, with the CA advice when its certificate was the problem. */
const reachFix = (fix: string, untrustedCertificate: boolean): string => (untrustedCertificate ? `${fix} ${CA_FILE_ADVICE}` : fix);

function configurationCheck(env: NodeJS.ProcessEnv): { result: CheckResult; config: Config | undefined } {
  const { config, problems } = checkConfiguration(env);
  if (!config || problems.length > 0) {
    const fix = "Correct the settings named above (m365-mcp check-config lists every problem).";
    return { result: fail(CHECKS.configuration, problems.join(" ").replace(/\s*\n\s*/g, " "), fix), config: undefined };
  }
  if (!config.entra) {
    const fix = "Set M365_MCP_CLIENT_ID, M365_MCP_CLIENT_SECRET (or M365_MCP_CLIENT_CERTIFICATE) and M365_MCP_PUBLIC_URL from your app registration.";
    return { result: fail(CHECKS.configuration, "Entra sign-in is not configured (M365_MCP_CLIENT_ID is unset).", fix), config: undefined };
  }
  return { result: pass(CHECKS.configuration, describeConfiguration(config)), config };
}

async function discoveryCheck(entra: EntraConfig, fetch: OutboundFetch): Promise<CheckResult> {
  const discovery = new URL(`${entra.tenant}/v2.0/.well-known/openid-configuration`, entra.authorityHost);
  const networkFix = `This server must reach ${entra.authorityHost.host} over HTTPS: check DNS, firewalls and proxies, and that M365_MCP_AUTHORITY_HOST is your cloud's sign-in host (e.g. https://login.microsoftonline.us for US Government).`;
  const tenantFix = `Check M365_MCP_TENANT (${entra.tenant}): it must be the Directory (tenant) ID on the app registration's Overview page, or organizations for a multi-tenant app.`;
  try {
    const document = await fetchEntraJson<{ jwks_uri?: unknown }>(discovery, entra.timeoutMs, fetch);
    if (typeof document.jwks_uri !== "string") return fail(CHECKS.discovery, `${discovery.href} has no jwks_uri.`, networkFix);
    const jwks = new URL(document.jwks_uri);
    const keys = await fetchEntraJson<{ keys?: unknown }>(jwks, entra.timeoutMs, fetch);
    const count = Array.isArray(keys.keys) ? keys.keys.length : 0;
    if (count === 0) return fail(CHECKS.discovery, `${jwks.href} lists no signing keys.`, networkFix);
    return pass(CHECKS.discovery, `${discovery.href} answered; ${jwks.href} lists ${count} signing key${count === 1 ? "" : "s"}.`);
  } catch (error) {
    if (!(error instanceof EntraUnavailable)) throw error;
    const unknownTenant = /answered 400$/.test(error.message) && entra.tenant !== "organizations";
    return fail(CHECKS.discovery, `${error.message}.`, unknownTenant ? tenantFix : reachFix(networkFix, error.untrustedCertificate));
  }
}

/** The certificate's SHA-1 thumbprint, as the Entra portal lists it under Certificates & secrets. */
function portalThumbprint(entra: EntraConfig): string {
  return entra.credential.kind === "certificate" ? new X509Certificate(entra.credential.certificatePem).fingerprint.replace(/:/g, "") : "";
}

/** What an AADSTS error from the token endpoint means for the app's credentials, and the fix. */
function credentialFailure(code: string | undefined, entra: EntraConfig, tenant: string, description: string): CheckResult {
  const name = CHECKS.credentials;
  const certificateFix = `Upload the certificate (its public part, as .cer or .pem) to the app registration under Certificates & secrets > Certificates; the portal should list thumbprint ${portalThumbprint(entra)}.`;
  switch (code) {
    case "7000215":
      return fail(name, "Entra rejected the client secret (AADSTS7000215: invalid client secret).", "Set M365_MCP_CLIENT_SECRET to the secret's Value (not its Secret ID) from the app registration's Certificates & secrets page; if the value is lost, create a new secret there.");
    case "7000222":
      return fail(name, "The client secret has expired (AADSTS7000222).", "Create a new client secret under Certificates & secrets and set M365_MCP_CLIENT_SECRET to its Value (or switch to a certificate with M365_MCP_CLIENT_CERTIFICATE).");
    case "700027":
      return fail(name, "Entra does not accept the certificate: it is not registered on the app (AADSTS700027).", certificateFix);
    case "700024":
      return fail(name, "Entra refused the signed client assertion as outside its valid time (AADSTS700024).", `Check that this machine's clock is right (NTP), then that the certificate is registered: ${certificateFix}`);
    case "700016":
      return fail(name, `No app with client ID ${entra.clientId} exists in tenant ${tenant} (AADSTS700016).`, `Check M365_MCP_CLIENT_ID (the Application (client) ID on the app registration's Overview page) and the tenant: ${tenant} must be the tenant the app is registered in.`);
    case "90002":
      return fail(name, `Tenant ${tenant} was not found (AADSTS90002).`, `Check the tenant ID (M365_MCP_TENANT or --tenant): it must be a Directory (tenant) ID in the cloud of ${entra.authorityHost.host}.`);
    default:
      return fail(name, `Entra refused the client credentials: ${description}`, code ? `Look the error up at https://login.microsoftonline.com/error?code=${code} and correct the app registration or the credential settings.` : "Check the client credential settings against the app registration.");
  }
}

async function credentialsCheck(entra: EntraConfig, graphEndpoint: URL, homeTenant: string | undefined, fetch: OutboundFetch): Promise<CheckResult> {
  const tenant = homeTenant ?? (entra.tenant === "organizations" ? undefined : entra.tenant);
  if (!tenant) {
    return fail(
      CHECKS.credentials,
      "Not checked: a multi-tenant app (M365_MCP_TENANT=organizations) needs its home tenant to ask Entra for a client-credentials token.",
      "Run m365-mcp doctor --tenant <Directory (tenant) ID where the app is registered>.",
    );
  }
  const host = entra.authorityHost.host;
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: entra.clientId,
      authority: new URL(tenant, entra.authorityHost).href,
      ...credential(entra),
      ...(PUBLIC_AUTHORITY_HOSTS.has(host) ? {} : { knownAuthorities: [host] }),
    },
    system: {
      networkClient: new TimedNetworkClient(entra.timeoutMs, fetch),
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
    },
  });
  try {
    // An app-only token for Graph needs no permission granted: it proves the credential alone.
    const result = await msal.acquireTokenByClientCredential({ scopes: [`${graphEndpoint.origin}/.default`], skipCache: true });
    if (!result?.accessToken) return fail(CHECKS.credentials, "Entra answered without a token.", "Try again; if it persists, check the app registration.");
    return pass(CHECKS.credentials, `Entra accepted the client ${entra.credential.kind} of app ${entra.clientId} in tenant ${tenant}.`);
  } catch (error) {
    if (error instanceof ServerError) return credentialFailure(aadstsOf(error), entra, tenant, error.errorMessage.split("\n")[0] ?? error.errorCode);
    // msal reports a failed or timed-out request as network_error, and a failed read of the authority's
    // endpoints as endpoints_resolution_error, whatever our network client said.
    const unreachable = error instanceof AuthError && ["network_error", "endpoints_resolution_error"].includes(error.errorCode);
    const reason = unreachable ? `${host} could not be reached or did not answer within ${entra.timeoutMs} ms (${error.errorCode})` : String(error);
    return fail(CHECKS.credentials, `Entra could not be asked for a token: ${reason}.`, `This server must reach ${host} over HTTPS: check DNS, firewalls and proxies.`);
  }
}

async function graphCheck(graphEndpoint: URL, timeoutMs: number, fetch: OutboundFetch): Promise<CheckResult> {
  const url = new URL("/v1.0/", graphEndpoint);
  const reached = await reach(url, timeoutMs, fetch);
  if (!reached.ok) {
    return fail(CHECKS.graph, `${reached.problem}.`, reachFix(`This server must reach ${url.host} over HTTPS: check DNS, firewalls and proxies, and M365_MCP_GRAPH_ENDPOINT for a national cloud (e.g. https://graph.microsoft.us).`, reached.untrustedCertificate));
  }
  return pass(CHECKS.graph, `${url.href} answered ${reached.response.status}.`);
}

interface MetadataDocument {
  resource?: unknown;
  authorization_servers?: unknown;
  scopes_supported?: unknown;
}

const sameList = (actual: unknown, expected: string[]): boolean =>
  Array.isArray(actual) && actual.length === expected.length && actual.every((value, i) => value === expected[i]);

async function metadataCheck(entra: EntraConfig, publicUrl: URL, fetch: OutboundFetch): Promise<CheckResult> {
  const expected = protectedResource(entra, publicUrl);
  const url = new URL(metadataUrl(publicUrl));
  const reached = await reach(url, entra.timeoutMs, fetch);
  if (!reached.ok) {
    return fail(CHECKS.metadata, `${reached.problem}.`, reachFix(`Start the server (m365-mcp serve) and make ${url.host} reach it: M365_MCP_PUBLIC_URL must be the address MCP clients use, served by your reverse proxy or load balancer.`, reached.untrustedCertificate));
  }
  const { response } = reached;
  if (response.status !== 200) {
    return fail(CHECKS.metadata, `${url.href} answered ${response.status}.`, `Your reverse proxy must forward ${url.pathname} and ${publicUrl.pathname} to this server unchanged; a 404 from the server itself means it runs without Entra sign-in.`);
  }
  let document: MetadataDocument;
  try {
    document = (await response.json()) as MetadataDocument;
  } catch {
    return fail(CHECKS.metadata, `${url.href} did not answer with JSON.`, `Your reverse proxy must forward ${url.pathname} to this server unchanged.`);
  }
  const problems: string[] = [];
  if (document.resource !== expected.resource) {
    problems.push(`it names the resource ${JSON.stringify(document.resource)}, but M365_MCP_PUBLIC_URL makes it ${expected.resource}`);
  }
  if (!sameList(document.authorization_servers, [expected.authorizationServer])) {
    problems.push(`it names the authorization servers ${JSON.stringify(document.authorization_servers)}, but M365_MCP_AUTHORITY_HOST and M365_MCP_TENANT make them ["${expected.authorizationServer}"]`);
  }
  if (!sameList(document.scopes_supported, [expected.scope])) {
    problems.push(`it names the scopes ${JSON.stringify(document.scopes_supported)}, but M365_MCP_API_SCOPE and M365_MCP_API_AUDIENCES make them ["${expected.scope}"]`);
  }
  if (problems.length > 0) {
    return fail(CHECKS.metadata, `${url.href} disagrees with this configuration: ${problems.join("; ")}.`, "The server answering there runs with other settings: give it the same M365_MCP_PUBLIC_URL, M365_MCP_TENANT, M365_MCP_AUTHORITY_HOST and API settings as this configuration and restart it (or run the doctor with the server's settings).");
  }
  return pass(CHECKS.metadata, `${url.href} names ${expected.resource}, authorization server ${expected.authorizationServer} and scope ${expected.scope}.`);
}

export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const { result, config } = configurationCheck(options.env);
  const entra = config?.entra;
  if (!config || !entra || !config.publicUrl) {
    const skipped = Object.values(CHECKS)
      .filter((name) => name !== CHECKS.configuration)
      .map((name) => fail(name, "Not checked: the configuration is not usable.", "Fix the configuration first."));
    return [result, ...skipped];
  }
  const outbound = new Outbound({ extraCertificates: config.extraCertificates });
  try {
    const checks = await Promise.all([
      discoveryCheck(entra, outbound.fetch),
      credentialsCheck(entra, config.graphEndpoint, options.tenant, outbound.fetch),
      graphCheck(config.graphEndpoint, entra.timeoutMs, outbound.fetch),
      metadataCheck(entra, config.publicUrl, outbound.fetch),
    ]);
    return [result, ...checks];
  } finally {
    await outbound.close();
  }
}

export function renderChecks(results: CheckResult[]): string {
  const lines = results.map((r) => (r.ok ? `✓ ${r.name}: ${r.detail}` : `✗ ${r.name}: ${r.detail} Fix: ${r.fix ?? ""}`));
  const failed = results.filter((r) => !r.ok).length;
  lines.push(failed === 0 ? `All ${results.length} checks passed.` : `${failed} of ${results.length} checks failed.`);
  return `${lines.join("\n")}\n`;
}
