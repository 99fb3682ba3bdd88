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
