// A Graph client bound to one caller: Kiota request information sent through the msgraph-sdk request adapter.
import { randomUUID } from "node:crypto";
import {
  AllowedHostsValidator,
  type ApiError,
  BaseBearerTokenAuthenticationProvider,
  DefaultApiError,
  HttpMethod,
  RequestInformation,
  ResponseHandlerOption,
  type ErrorMappings,
  type RequestOption,
  type Parsable,
  type ParsableFactory,
  type ParseNodeFactory,
} from "@microsoft/kiota-abstractions";
import {
  HeadersInspectionOptions,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  type HttpClient,
  type Middleware,
} from "@microsoft/kiota-http-fetchlibrary";
import { GraphRequestAdapter } from "@microsoft/msgraph-sdk";
import { createGraphClientFactory, getDefaultMiddlewares, type GraphTelemetryOption } from "@microsoft/msgraph-sdk-core";
import { createODataErrorFromDiscriminatorValue } from "@microsoft/msgraph-sdk/models/oDataErrors/index.js";
import { SETTINGS } from "../config/schema.js";
import type { OutboundFetch } from "../net/outbound.js";
import { CancelledError, GRAPH_TIMEOUT, GraphError, toGraphError } from "./errors.js";

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
}

const ERROR_MAPPINGS: ErrorMappings = {
  XXX: createODataErrorFromDiscriminatorValue,
};

/** Carries one request's abort signal through Kiota's middleware chain, whose requestInit has no signal of its own. */
class AbortSignalOption implements RequestOption {
  static readonly KEY = "m365-mcp.abortSignal";
  constructor(readonly signal: AbortSignal) {}
  getKey(): string {
    return AbortSignalOption.KEY;
  }
}

/**
 * The chain's last link in place of Kiota's fetch handler: the process's outbound fetch, stopped by the request's
 * signal. It is also the last check that no request reaches Graph without the caller's token: an empty token once
 * went out silently, and Graph's 401 then blamed the caller.
 */
class GraphFetchHandler implements Middleware {
  next: Middleware | undefined;
  constructor(
    private readonly graphOrigin: string,
    private readonly fetch: OutboundFetch,
  ) {}

  execute(url: string, requestInit: RequestInit, requestOptions?: Record<string, RequestOption>): Promise<Response> {
    if (new URL(url).origin === this.graphOrigin && !new Headers(requestInit.headers).has("authorization")) {
      return Promise.reject(new MissingGraphToken(`a request to ${this.graphOrigin} was about to be sent without the caller's token`));
    }
    const option = requestOptions?.[AbortSignalOption.KEY];
    return this.fetch(url, option instanceof AbortSignalOption ? { ...requestInit, signal: option.signal } : requestInit);
  }
}

/** Retry-After in seconds when Graph sent a number (Kiota's RetryHandler waits that long before retrying). */
function retryAfterSeconds(response: Response): number | undefined {
  const value = Number(response.headers.get("retry-after") ?? Number.NaN);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The request deadlines in flight, by client-request-id: the retry handler retries a throttled request only when
 * Graph's wait still fits its deadline; otherwise the 429 is the answer. (Not a per-request RetryHandlerOptions:
 * Kiota's ParametersNameDecodingHandler reads its own options under the retry options' key and would stop decoding.)
 */
type Deadlines = Map<string, number>;

function graphHttpClient(deadlines: Deadlines, fetchHandler: GraphFetchHandler): HttpClient {
  const telemetry: GraphTelemetryOption = { graphServiceTargetVersion: "v1.0" };
  const chain = getDefaultMiddlewares({ graphTelemetryOption: telemetry });
  const fitsDeadline = (delay: number, _attempt: number, _url: string, init: RequestInit | undefined, response: Response): boolean => {
    const endsAt = deadlines.get((init?.headers as Record<string, string> | undefined)?.["client-request-id"] ?? "");
    return endsAt === undefined || performance.now() + (retryAfterSeconds(response) ?? delay) * 1000 < endsAt;
  };
  chain.splice(chain.findIndex((m) => m instanceof RetryHandler), 1, new RetryHandler(new RetryHandlerOptions({ shouldRetry: fitsDeadline })));
  chain.splice(-1, 1, fetchHandler);
  return createGraphClientFactory(telemetry, undefined, undefined, chain);
}

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts (Kiota's retry wait ignores signals). */
function untilAborted<R>(work: Promise<R>, signal: AbortSignal): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const abort = (): void => {
      reject(signal.reason instanceof Error ? signal.reason : new CancelledError());
    };
    if (signal.aborted) abort();
    signal.addEventListener("abort", abort, { once: true });
    work.then(resolve, reject).finally(() => {
      signal.removeEventListener("abort", abort);
    });
  });
}

export interface GraphHttpOptions {
  /** M365_MCP_GRAPH_TIMEOUT_MS: how long one request may take, retries included. */
  timeoutMs?: number;
}

/** A Graph request would have gone out without the caller's token: a defect of this server, never sent. */
export class MissingGraphToken extends Error {
  override name = "MissingGraphToken";
}

/** Built once per process: the middleware chain (retry with Retry-After, /me URL handling, telemetry) is stateless. */
export class GraphHttp {
  private readonly deadlines: Deadlines = new Map();
  readonly httpClient: HttpClient;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  private readonly origin: string;
  private readonly allowedHosts: AllowedHostsValidator;

  constructor(
    endpoint: URL,
    readonly fetch: OutboundFetch,
    options: GraphHttpOptions = {},
  ) {
    this.origin = endpoint.origin;
    this.baseUrl = `${endpoint.origin}/v1.0`;
    // Kiota compares host names without the port; the token itself goes only to Graph's exact origin (below).
    this.allowedHosts = new AllowedHostsValidator(new Set([endpoint.hostname]));
    this.timeoutMs = options.timeoutMs ?? SETTINGS.M365_MCP_GRAPH_TIMEOUT_MS.default;
    this.httpClient = graphHttpClient(this.deadlines, new GraphFetchHandler(this.origin, fetch));
  }

  /**
   * A client acting as one caller; the token never leaves this closure except in the Authorization header to Graph.
   * `signal` (the tool call's) stops the client's requests when the call is cancelled.
   */
  clientFor(tokens: GraphTokenSource, signal?: AbortSignal): GraphClient {
    const origin = this.origin;
    const auth = new BaseBearerTokenAuthenticationProvider({
      getAllowedHostsValidator: () => this.allowedHosts,
      getAuthorizationToken: async (url?: string) => {
        // Every request of this client goes to Graph; any other address is a defect, refused rather than sent bare.
        if (!url || new URL(url).origin !== origin) throw new MissingGraphToken(`refusing to send the Graph token to ${url ? new URL(url).origin : "no address"}`);
        return tokens.graphToken();
      },
    });
    const adapter = new GraphRequestAdapter(auth, undefined, undefined, this.httpClient);
    adapter.baseUrl = this.baseUrl;
    return new GraphClient(adapter, { timeoutMs: this.timeoutMs, deadlines: this.deadlines, fetch: this.fetch, ...(signal ? { signal } : {}) });
  }
}

export interface GraphClientOptions {
  /** Each request's deadline, retries included. */
  timeoutMs: number;
  /** Stops every request of this client: the tool call was cancelled. */
  signal?: AbortSignal;
  /** Where the client registers each request's deadline for the retry handler of its GraphHttp. */
  deadlines: Deadlines;
  /** The process's outbound fetch, for the credential-free file downloads that follow a /content redirect. */
  fetch: OutboundFetch;
}

export class GraphClient {
  /** Every request this client made, in order. */
  readonly requests: GraphRequestRecord[] = [];
  /** Each request's deadline; file downloads, which leave Graph for the file host, use the same one. */
  readonly timeoutMs: number;
  /** The tool call's signal, when the client was built for one. */
  readonly signal: AbortSignal | undefined;
  /** For file downloads, which never carry the Graph token. */
  readonly fetch: OutboundFetch;
  private readonly deadlines: Deadlines;

  constructor(
    private readonly adapter: GraphRequestAdapter,
    options: GraphClientOptions,
  ) {
    this.timeoutMs = options.timeoutMs;
    this.signal = options.signal;
    this.deadlines = options.deadlines;
    this.fetch = options.fetch;
  }

  get baseUrl(): string {
    return this.adapter.baseUrl;
  }

  /** Sends a call whose response the SDK's Kiota models deserialize. */
  send<T extends Parsable>(call: GraphCall, factory: ParsableFactory<T>): Promise<T | undefined> {
    return this.execute(call, (info) => this.adapter.send(info, factory, ERROR_MAPPINGS));
  }

  /** Sends a call the SDK has no model for; the contract's openapi-typescript types describe the JSON. */
  async sendJson<T>(call: GraphCall): Promise<T | undefined> {
    const buffer = await this.execute(call, (info) => this.adapter.sendPrimitive<ArrayBuffer>(info, "ArrayBuffer", ERROR_MAPPINGS));
    if (!buffer || buffer.byteLength === 0) return undefined;
    try {
      return JSON.parse(new TextDecoder().decode(buffer)) as T;
    } catch {
      throw new GraphError({ status: 502, code: "InvalidResponse", message: "Graph sent a response that is not JSON", resource: call.resource });
    }
  }

  /**
   * Sends a call Graph answers with a redirect (a file's /content: 302 to a short-lived, pre-authenticated URL on another
   * host) and returns the Location unfollowed. The caller fetches it itself, without the Graph token: Kiota's redirect
   * handler would drop the token cross-host too, but its retry handler would then re-send a throttled download to Graph
   * without credentials, and it can neither stream with a byte limit nor stop on the tool call's abort signal.
   */
  redirectTarget(call: GraphCall): Promise<string> {
    return this.execute(call, async (info) => {
      let location: string | undefined;
      const handler = new ResponseHandlerOption();
      const parseNodes = this.adapter.getParseNodeFactory();
      handler.responseHandler = {
        handleResponse: async (native: unknown): Promise<undefined> => {
          const response = native as Response;
          if (!response.ok && !(response.status >= 300 && response.status < 400)) await throwFailure(response, parseNodes);
          location = response.headers.get("location") ?? undefined;
          // Not awaited: a tee'd body only settles once every branch is cancelled.
          response.body?.cancel().catch(() => undefined);
          return undefined;
        },
      };
      info.addRequestOptions([new RedirectHandlerOptions({ shouldRedirect: () => false }), handler]);
      await this.adapter.sendNoResponseContent(info, ERROR_MAPPINGS);
      if (location === undefined) throw new GraphError({ status: 502, code: "InvalidResponse", message: "Graph sent no redirect", resource: call.resource });
      return location;
    });
  }

  private async execute<R>(call: GraphCall, run: (info: RequestInformation) => Promise<R>): Promise<R> {
    const info = new RequestInformation(call.method === "GET" ? HttpMethod.GET : HttpMethod.POST, `{+baseurl}${call.urlTemplate}`);
    if (call.nextLink) info.URL = call.nextLink;
    else {
      Object.assign(info.pathParameters, call.pathParameters);
      for (const [name, value] of Object.entries(call.queryParameters ?? {})) {
        if (value !== undefined) info.queryParameters[name] = value;
      }
    }
    const clientRequestId = randomUUID();
    info.headers.tryAdd("client-request-id", clientRequestId);
    info.headers.tryAdd("Accept", "application/json");
    for (const [name, value] of Object.entries(call.headers ?? {})) if (value !== undefined) info.headers.tryAdd(name, value);
    if (call.body !== undefined) {
      info.setStreamContent(new TextEncoder().encode(JSON.stringify(call.body)).buffer, "application/json");
    }
    const inspection = new HeadersInspectionOptions({ inspectResponseHeaders: true });
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = this.signal ? AbortSignal.any([deadline, this.signal]) : deadline;
    info.addRequestOptions([inspection, new AbortSignalOption(signal)]);
    this.deadlines.set(clientRequestId, performance.now() + this.timeoutMs);
    const record: GraphRequestRecord = { operationId: call.operationId, clientRequestId, status: "ok" };
    this.requests.push(record);
    try {
      const result = await untilAborted(run(info), signal);
      const requestId = inspection.getResponseHeaders().get("request-id")?.values().next().value;
      if (requestId) record.requestId = requestId;
      return result;
    } catch (error) {
      record.status = "error";
      if (error instanceof MissingGraphToken) throw error;
      if (this.signal?.aborted) throw new CancelledError();
      if (deadline.aborted) throw new GraphError({ status: 504, code: GRAPH_TIMEOUT, message: "", resource: call.resource, timeoutMs: this.timeoutMs });
      const graphError = toGraphError(error, call.resource);
      if (graphError.requestId) record.requestId = graphError.requestId;
      throw graphError;
    } finally {
      this.deadlines.delete(clientRequestId);
    }
  }
}

/** What Kiota throws for a failed response, for calls whose response handler replaces its own (redirectTarget). */
async function throwFailure(response: Response, parseNodes: ParseNodeFactory): Promise<never> {
  const headers: Record<string, string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value.split(",");
  });
  const contentType = response.headers.get("content-type")?.split(";")[0]?.trim();
  const body = await response.arrayBuffer();
  let error: ApiError = new DefaultApiError(`Graph answered ${response.status}`);
  if (contentType === "application/json" && body.byteLength > 0) {
    try {
      error = parseNodes.getRootParseNode(contentType, body).getObjectValue(createODataErrorFromDiscriminatorValue);
    } catch {
      // Not an OData error body: the status alone describes the failure.
    }
  }
  error.responseStatusCode = response.status;
  error.responseHeaders = headers;
  throw error;
}
