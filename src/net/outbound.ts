// Every request this server sends (Entra, Graph, file downloads) goes through one keep-alive connection pool, which
// trusts Node's bundled roots plus any certificate authorities the operator adds: a TLS-inspecting egress proxy, a
// private Graph endpoint, or the simulators' certificate. Nothing else in the process is affected by that trust.
import { rootCertificates } from "node:tls";
import { Agent, fetch as undiciFetch, type Dispatcher, type RequestInit as UndiciRequestInit } from "undici";

/** fetch, bound to the process's outbound pool. */
export type OutboundFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export interface OutboundRequestInit {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** One answer of `request`: redirects are never followed, and the body must be read or discarded. */
export interface OutboundReply {
  status: number;
  header(name: string): string | undefined;
  text(): Promise<string>;
  /** Drops the body so the connection can serve the next request. */
  discard(): Promise<void>;
}

/**
 * A request on the process's pool without fetch's web Request, Response and streams (for Graph's small JSON
 * answers, where they were most of the transport's cost). Network failures reject as fetch's do: a TypeError whose
 * cause carries the code, so fetchFailure and the Graph error taxonomy read both alike.
 */
export type OutboundRequest = (url: string, init: OutboundRequestInit) => Promise<OutboundReply>;

/** What the Graph client sends with: its own requests, and fetch for the downloads that leave Graph. */
export interface OutboundClient {
  fetch: OutboundFetch;
  request: OutboundRequest;
}

function reply(data: Dispatcher.ResponseData): OutboundReply {
  return {
    status: data.statusCode,
    header: (name) => {
      const value = data.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    text: () => data.body.text(),
    discard: () => data.body.dump(),
  };
}

export interface OutboundOptions {
  /** PEM certificates trusted beside Node's bundled roots (M365_MCP_CA_FILE). */
  extraCertificates?: readonly string[];
}

/** Idle connections are kept this long for the next request to the same origin. */
const KEEP_ALIVE_MS = 30_000;

export class Outbound implements OutboundClient {
  private readonly agent: Agent;
  readonly fetch: OutboundFetch;
  readonly request: OutboundRequest;

  constructor(options: OutboundOptions = {}) {
    const extra = options.extraCertificates ?? [];
    this.agent = new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, connect: extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {} });
    const dispatcher = this.agent;
    // undici's Request and Response are the classes Node's own fetch is built from; only their declared types differ.
    this.fetch = (url, init) => undiciFetch(url, { ...(init as UndiciRequestInit | undefined), dispatcher }) as unknown as Promise<Response>;
    this.request = async (url, { method, headers, body, signal }) => {
      // Parsed as fetch parses it, so both send the same bytes for the same URL.
      const parsed = new URL(url);
      try {
        return reply(await dispatcher.request({ origin: parsed.origin, path: `${parsed.pathname}${parsed.search}`, method, headers, body: body ?? null, signal }));
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw new TypeError("fetch failed", { cause: error });
      }
    };
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
