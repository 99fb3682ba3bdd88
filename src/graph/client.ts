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
  type Parsable,
  type ParsableFactory,
  type ParseNodeFactory,
} from "@microsoft/kiota-abstractions";
import { HeadersInspectionOptions, RedirectHandlerOptions, type HttpClient } from "@microsoft/kiota-http-fetchlibrary";
import { GraphRequestAdapter } from "@microsoft/msgraph-sdk";
import { createGraphClientFactory } from "@microsoft/msgraph-sdk-core";
import { createODataErrorFromDiscriminatorValue } from "@microsoft/msgraph-sdk/models/oDataErrors/index.js";
import { GraphError, toGraphError } from "./errors.js";

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

/** Built once per process: the middleware chain (retry with Retry-After, /me URL handling, telemetry) is stateless. */
export class GraphHttp {
  readonly httpClient: HttpClient = createGraphClientFactory({ graphServiceTargetVersion: "v1.0" });
  readonly baseUrl: string;
  private readonly allowedHosts: AllowedHostsValidator;

  constructor(endpoint: URL) {
    this.baseUrl = `${endpoint.origin}/v1.0`;
    this.allowedHosts = new AllowedHostsValidator(new Set([endpoint.host]));
  }

  /** A client acting as one caller; the token never leaves this closure except in the Authorization header to Graph. */
  clientFor(tokens: GraphTokenSource): GraphClient {
    const allowedHosts = this.allowedHosts;
    const auth = new BaseBearerTokenAuthenticationProvider({
      getAllowedHostsValidator: () => allowedHosts,
      getAuthorizationToken: async (url?: string) => (url && allowedHosts.isUrlHostValid(url) ? tokens.graphToken() : ""),
    });
    const adapter = new GraphRequestAdapter(auth, undefined, undefined, this.httpClient);
    adapter.baseUrl = this.baseUrl;
    return new GraphClient(adapter);
  }
}

export class GraphClient {
  /** Every request this client made, in order. */
  readonly requests: GraphRequestRecord[] = [];

  constructor(private readonly adapter: GraphRequestAdapter) {}

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
    info.addRequestOptions([inspection]);
    const record: GraphRequestRecord = { operationId: call.operationId, clientRequestId, status: "ok" };
    this.requests.push(record);
    try {
      const result = await run(info);
      const requestId = inspection.getResponseHeaders().get("request-id")?.values().next().value;
      if (requestId) record.requestId = requestId;
      return result;
    } catch (error) {
      record.status = "error";
      const graphError = toGraphError(error, call.resource);
      if (graphError.requestId) record.requestId = graphError.requestId;
      throw graphError;
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
