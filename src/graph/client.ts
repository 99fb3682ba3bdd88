// A Graph client bound to one caller: the generated operations' Kiota request information, sent by one lean
// transport per process (retry with Retry-After inside the deadline, client-request-id, the caller's token only to
// Graph's exact origin, a concurrency cap per tenant and user) and answered as plain JSON typed by the contract.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { HttpMethod, RequestInformation } from "@microsoft/kiota-abstractions";
import { SETTINGS } from "../config/schema.js";
import { Cancelled } from "../failure.js";
import { TenantGate, type GateKey, type Slot } from "./tenant-gate.js";
import { throttleSignal, type ThrottleSignal } from "./throttle-signals.js";
import { VERSION } from "../version.js";
import type { OutboundClient, OutboundFetch, OutboundReply, OutboundRequest } from "../net/outbound.js";
import { GRAPH_TIMEOUT, GraphError, graphFailure, toGraphError } from "./errors.js";

/** Gives the Graph access token for the caller a client is built for. */
export interface GraphTokenSource {
  graphToken(): Promise<string>;
}

export interface GraphCall {
  operationId: string;
  method: "GET" | "POST";
  /** RFC 6570 template relative to the Graph version root, e.g. `/users/{userId}/messages{?%24top}`. */
  urlTemplate: string;
  /** The resource a failure message names, e.g. "this mailbox". */
  resource: string;
  pathParameters?: Record<string, string>;
  queryParameters?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string | undefined>;
  body?: unknown;
  /** A page link Graph returned (already checked against the operation's path family); replaces the template. */
  nextLink?: string;
}

/** One Graph request as the audit trail and error messages see it. */
export interface GraphRequestRecord {
  operationId: string;
  clientRequestId: string;
  requestId?: string;
  status: "ok" | "error";
  /** What Graph said about throttling on any attempt (content-free: tokens and a share, no identifiers). */
  throttle?: ThrottleSignal;
}

/** Whom a client's requests count against under the per-tenant and per-user caps. */
export interface GraphCaller {
  tenantId: string;
  userId: string;
}

/** A Graph request would have gone out without the caller's token: a defect of this server, never sent. */
export class MissingGraphToken extends Error {
  override name = "MissingGraphToken";
}

/**
 * Graph's throttling guidance: honour Retry-After on 429, and retry 503/504 the same way.
 * https://learn.microsoft.com/graph/throttling — the SDKs' retry handler retries these three, at most three times.
 */
const RETRIED_STATUSES = new Set([429, 503, 504]);
/** Retries when Graph said how long to wait (Retry-After): its own schedule, as the SDKs follow it. */
const MAX_RETRIES_AS_ASKED = 3;
/** Retries of a failure that named no wait (a 503 without Retry-After, a reset connection): three attempts in all. */
const MAX_RETRIES_UNASKED = 2;
/** The first unasked wait; each next one doubles, with up to as much again of jitter, so retries do not align. */
const BACKOFF_MS = 300;

/** How long Graph asked to wait: Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(response: OutboundReply): number | undefined {
  const value = response.header("retry-after");
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function backoffMs(retry: number): number {
  const base = BACKOFF_MS * 2 ** (retry - 1);
  return base + Math.random() * base;
}

/** The wait before retry number `retry`, or undefined when this failure is not retried again. */
function retryDelayMs(response: OutboundReply, retry: number): number | undefined {
  if (!RETRIED_STATUSES.has(response.status)) return undefined;
  const asked = retryAfterMs(response);
  if (asked !== undefined) return retry <= MAX_RETRIES_AS_ASKED ? asked : undefined;
  return retry <= MAX_RETRIES_UNASKED ? backoffMs(retry) : undefined;
}

/** Kiota's URI templates percent-encode the `$` of OData's system query options; Graph expects them literal. */
function decodeODataParameterNames(url: string): string {
  const query = url.indexOf("?");
  if (query < 0) return url;
  return url.slice(0, query) + url.slice(query).replace(/([?&])%24/g, "$1$");
}

/**
 * Requests in flight for one user, within the tenant's cap: Outlook runs at most four concurrent requests per app and
 * mailbox (https://learn.microsoft.com/graph/throttling-limits, "Outlook service limits"), so more for one user earn
 * only 429s, and two users' worth of the default tenant cap stays free for colleagues.
 */
const USER_CONCURRENCY = 4;

export interface GraphHttpOptions {
  /** M365_MCP_GRAPH_TIMEOUT_MS: how long one request may take, retries included. */
  timeoutMs?: number;
  /** M365_MCP_GRAPH_TENANT_CONCURRENCY: requests in flight for one tenant. */
  tenantConcurrency?: number;
  /** Requests in flight for one user of a tenant; four unless a test says otherwise. */
  userConcurrency?: number;
}

/** Built once per process; clients for each caller share it and add only their token source and signal. */
export class GraphHttp {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** The process's caps per tenant and user, shared by every client built with a caller. */
  readonly gate: TenantGate;
  private readonly origin: string;

  constructor(
    endpoint: URL,
    private readonly outbound: OutboundClient,
    options: GraphHttpOptions = {},
  ) {
    this.origin = endpoint.origin;
    this.baseUrl = `${endpoint.origin}/v1.0`;
    this.timeoutMs = options.timeoutMs ?? SETTINGS.M365_MCP_GRAPH_TIMEOUT_MS.default;
    this.gate = new TenantGate({
      tenantLimit: options.tenantConcurrency ?? SETTINGS.M365_MCP_GRAPH_TENANT_CONCURRENCY.default,
      userLimit: options.userConcurrency ?? USER_CONCURRENCY,
    });
  }

  /**
   * A client acting as one caller; the token never leaves it except in the Authorization header to Graph.
   * `signal` (the tool call's) stops the client's requests when the call is cancelled. With `caller`, its requests
   * wait their turn under the caller's tenant and user caps; without one they are not capped.
   */
  clientFor(tokens: GraphTokenSource, signal?: AbortSignal, caller?: GraphCaller): GraphClient {
    const gate = caller ? { gate: this.gate, gateKey: { tenantId: caller.tenantId.toLowerCase(), userId: caller.userId.toLowerCase() } } : {};
    return new GraphClient(tokens, { origin: this.origin, baseUrl: this.baseUrl, timeoutMs: this.timeoutMs, outbound: this.outbound, ...(signal ? { signal } : {}), ...gate });
  }
}

export interface GraphClientOptions {
  /** Graph's origin: the only one the caller's token is ever sent to. */
  origin: string;
  /** Graph's version root, e.g. https://graph.microsoft.com/v1.0. */
  baseUrl: string;
  /** Each request's deadline, retries included. */
  timeoutMs: number;
  /** Stops every request of this client: the tool call was cancelled. */
  signal?: AbortSignal;
  /** The process's outbound pool: requests to Graph, and fetch for the credential-free downloads after a /content redirect. */
  outbound: OutboundClient;
  /** The process's caps, and the tenant and user this client's requests count against. */
  gate?: TenantGate;
  gateKey?: GateKey;
}

const USER_AGENT = `m365-mcp/${VERSION}`;

export class GraphClient {
  /** Every request this client made, in order. */
  readonly requests: GraphRequestRecord[] = [];
  /** How many of them are still running. */
  private running = 0;
  /** Graph's version root; page links must stay under it. */
  readonly baseUrl: string;
  /** Each request's deadline; file downloads, which leave Graph for the file host, use the same one. */
  readonly timeoutMs: number;
  /** The tool call's signal, when the client was built for one. */
  readonly signal: AbortSignal | undefined;
  /** For file downloads, which never carry the Graph token. */
  readonly fetch: OutboundFetch;
  private readonly request: OutboundRequest;
  private readonly origin: string;
  private readonly gate: TenantGate | undefined;
  private readonly gateKey: GateKey | undefined;

  constructor(
    private readonly tokens: GraphTokenSource,
    options: GraphClientOptions,
  ) {
    this.origin = options.origin;
    this.baseUrl = options.baseUrl;
    this.timeoutMs = options.timeoutMs;
    this.signal = options.signal;
    this.fetch = options.outbound.fetch;
    this.request = options.outbound.request;
    this.gate = options.gate;
    this.gateKey = options.gateKey;
  }

  /** Sends a call and parses its JSON answer, typed by the contract's openapi-typescript types. */
  sendJson<T>(call: GraphCall): Promise<T | undefined> {
    return this.execute(call, async (response) => {
      if (response.status >= 300) {
        await response.discard();
        throw new GraphError({ status: 502, code: "InvalidResponse", message: "", resource: call.resource });
      }
      const text = await response.text();
      if (text === "") return undefined;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new GraphError({ status: 502, code: "InvalidResponse", message: "Graph sent a response that is not JSON", resource: call.resource });
      }
    });
  }

  /**
   * Sends a call Graph answers with a redirect (a file's /content: 302 to a short-lived, pre-authenticated URL on another
   * host) and returns the Location unfollowed. The caller fetches it itself, without the Graph token, streaming with a
   * byte limit and stopping on the tool call's signal.
   */
  redirectTarget(call: GraphCall): Promise<string> {
    return this.execute(call, async (response) => {
      const location = response.status >= 300 ? response.header("location") : undefined;
      await response.discard();
      if (location === undefined) throw new GraphError({ status: 502, code: "InvalidResponse", message: "Graph sent no redirect", resource: call.resource });
      return location;
    });
  }

  private async execute<R>(call: GraphCall, read: (response: OutboundReply) => Promise<R>): Promise<R> {
    const url = this.urlOf(call);
    const clientRequestId = randomUUID();
    const record: GraphRequestRecord = { operationId: call.operationId, clientRequestId, status: "ok" };
    this.requests.push(record);
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const endsAt = performance.now() + this.timeoutMs;
    const signal = this.signal ? AbortSignal.any([deadline, this.signal]) : deadline;
    this.running++;
    let slot: Slot | undefined;
    try {
      const headers = await this.headersFor(url, clientRequestId, call);
      const body = call.body === undefined ? undefined : JSON.stringify(call.body);
      // The wait for a place counts against the deadline, and ends with the call. The place is kept through the
      // retries: Graph "continues to log resource usage while a client is being throttled"
      // (https://learn.microsoft.com/graph/throttling), so a throttled tenant's waiting retries hold back new requests.
      if (this.gate && this.gateKey) slot = await this.gate.acquire(this.gateKey, signal);
      for (let retry = 0; ; retry++) {
        if (retry > 0) headers["retry-attempt"] = String(retry);
        let response: OutboundReply;
        try {
          // Never follows a redirect: Graph's are answers (a download's Location), and following one would carry the token elsewhere.
          response = await this.request(url, { method: call.method, headers, signal, ...(body === undefined ? {} : { body }) });
        } catch (error) {
          // A reset or refused connection is tried again: every operation in the contract reads, so repeating is safe.
          const wait = error instanceof TypeError && !signal.aborted && retry < MAX_RETRIES_UNASKED ? backoffMs(retry + 1) : undefined;
          if (wait === undefined || performance.now() + wait >= endsAt) throw error;
          await sleep(wait, undefined, { signal });
          continue;
        }
        const requestId = response.header("request-id");
        if (requestId) record.requestId = requestId;
        const throttle = throttleSignal(response);
        if (throttle) record.throttle = { ...record.throttle, ...throttle };
        slot?.observe(response.status, throttle);
        if (response.status < 400) return await read(response);
        const wait = retryDelayMs(response, retry + 1);
        if (wait === undefined || performance.now() + wait >= endsAt) throw await graphFailure(response, call.resource);
        await response.discard();
        await sleep(wait, undefined, { signal });
      }
    } catch (error) {
      record.status = "error";
      if (error instanceof MissingGraphToken) throw error;
      if (this.signal?.aborted) throw new Cancelled();
      if (deadline.aborted) throw new GraphError({ status: 504, code: GRAPH_TIMEOUT, message: "", resource: call.resource, timeoutMs: this.timeoutMs });
      const graphError = toGraphError(error, call.resource);
      if (graphError.requestId) record.requestId ??= graphError.requestId;
      throw graphError;
    } finally {
      slot?.release();
      this.running--;
    }
  }

  /** Whether a request is still running: one the tool started and did not wait for. */
  get busy(): boolean {
    return this.running > 0;
  }

  private urlOf(call: GraphCall): string {
    if (call.nextLink) return call.nextLink;
    const info = new RequestInformation(call.method === "GET" ? HttpMethod.GET : HttpMethod.POST, `{+baseurl}${call.urlTemplate}`);
    info.pathParameters["baseurl"] = this.baseUrl;
    Object.assign(info.pathParameters, call.pathParameters);
    for (const [name, value] of Object.entries(call.queryParameters ?? {})) {
      if (value !== undefined) info.queryParameters[name] = value;
    }
    return decodeODataParameterNames(info.URL);
  }

  /**
   * The caller's token goes only to Graph's exact origin, port included: an empty token once went out silently, and
   * Graph's 401 then blamed the caller. Any other address, or no token, is a defect, refused rather than sent bare.
   */
  private async headersFor(url: string, clientRequestId: string, call: GraphCall): Promise<Record<string, string>> {
    const origin = new URL(url).origin;
    if (origin !== this.origin) throw new MissingGraphToken(`refusing to send the Graph token to ${origin}`);
    const token = await this.tokens.graphToken();
    if (!token) throw new MissingGraphToken(`a request to ${this.origin} was about to be sent without the caller's token`);
    const headers: Record<string, string> = { accept: "application/json", "client-request-id": clientRequestId, "user-agent": USER_AGENT };
    for (const [name, value] of Object.entries(call.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
    if (call.body !== undefined) headers["content-type"] = "application/json";
    headers["authorization"] = `Bearer ${token}`;
    return headers;
  }
}
