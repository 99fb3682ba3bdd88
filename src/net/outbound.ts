// Every request this server sends (Entra, Graph, file downloads) goes through one keep-alive connection pool, which
// trusts Node's bundled roots plus any certificate authorities the operator adds: a TLS-inspecting egress proxy, a
// private Graph endpoint, or the simulators' certificate. Nothing else in the process is affected by that trust.
import { rootCertificates } from "node:tls";
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from "undici";

/** fetch, bound to the process's outbound pool. */
export type OutboundFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export interface OutboundOptions {
  /** PEM certificates trusted beside Node's bundled roots (M365_MCP_CA_FILE). */
  extraCertificates?: readonly string[];
}

/** Idle connections are kept this long for the next request to the same origin. */
const KEEP_ALIVE_MS = 30_000;

export class Outbound {
  private readonly agent: Agent;
  readonly fetch: OutboundFetch;

  constructor(options: OutboundOptions = {}) {
    const extra = options.extraCertificates ?? [];
    this.agent = new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, connect: extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {} });
    const dispatcher = this.agent;
    // undici's Request and Response are the classes Node's own fetch is built from; only their declared types differ.
    this.fetch = (url, init) => undiciFetch(url, { ...(init as UndiciRequestInit | undefined), dispatcher }) as unknown as Promise<Response>;
  }

  /** Ends the pool's connections (at shutdown). */
  close(): Promise<void> {
    return this.agent.close();
  }
}

/** TLS verification codes that mean "no trusted CA signed this certificate": what M365_MCP_CA_FILE is for. */
const UNTRUSTED_CERTIFICATE = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
]);

export interface FetchFailure {
  /** In a few words, for a log line or a message: "login.example could not be reached (ECONNREFUSED)". */
  problem: string;
  /** The host's certificate chain ends at no CA this process trusts (a TLS-inspecting proxy, a private CA). */
  untrustedCertificate: boolean;
}

/** Why an outbound fetch failed: its deadline, an untrusted certificate, or the network error's code. */
export function fetchFailure(url: URL, error: unknown, timeoutMs: number): FetchFailure {
  if (error instanceof DOMException && error.name === "TimeoutError") return { problem: `${url.host} did not answer within ${timeoutMs} ms`, untrustedCertificate: false };
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === "string" && UNTRUSTED_CERTIFICATE.has(code)) return { problem: `${url.host}'s TLS certificate is not signed by a trusted CA (${code})`, untrustedCertificate: true };
  return { problem: `${url.host} could not be reached${typeof code === "string" ? ` (${code})` : ""}`, untrustedCertificate: false };
}

/** What to add to a "must reach this host" fix when the host's certificate was not trusted. */
export const CA_FILE_ADVICE = "If a TLS-inspecting proxy or a private CA signs its certificate, put that CA certificate (PEM) in M365_MCP_CA_FILE.";
