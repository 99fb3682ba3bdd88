// Calls to Entra (discovery, keys, token exchanges): bounded in time, and failures reported as an outage.
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { fetchFailure, type OutboundFetch } from "../net/outbound.js";

/** Entra could not be reached, timed out or answered with an error: the request gets a 503, not a hang. */
export class EntraUnavailable extends Error {
  override name = "EntraUnavailable";

  constructor(
    message: string,
    /** The host's certificate was not trusted: the fix is M365_MCP_CA_FILE, not the network. */
    readonly untrustedCertificate = false,
  ) {
    super(message);
  }
}

export async function fetchEntraJson<T>(url: URL, timeoutMs: number, fetch: OutboundFetch): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  } catch (error) {
    const { problem, untrustedCertificate } = fetchFailure(url, error, timeoutMs);
    throw new EntraUnavailable(problem, untrustedCertificate);
  }
  if (!response.ok) throw new EntraUnavailable(`${url.href} answered ${response.status}`);
  try {
    return (await response.json()) as T;
  } catch {
    throw new EntraUnavailable(`${url.href} did not answer with JSON`);
  }
}

/** msal-node's transport, on fetch with a deadline: an Entra outage becomes a prompt 503 instead of a hung request. */
export class TimedNetworkClient implements INetworkModule {
  constructor(
    private readonly timeoutMs: number,
    private readonly fetch: OutboundFetch,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, "GET", options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, "POST", options);
  }

  private async send<T>(url: string, method: "GET" | "POST", options: NetworkRequestOptions | undefined): Promise<NetworkResponse<T>> {
    let response: Response;
    try {
      response = await this.fetch(url, { method, headers: options?.headers, body: options?.body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const { problem, untrustedCertificate } = fetchFailure(new URL(url), error, this.timeoutMs);
      throw new EntraUnavailable(problem, untrustedCertificate);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new EntraUnavailable(`${new URL(url).host} answered ${response.status} without JSON`);
    }
    return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body: body as T };
  }
}
