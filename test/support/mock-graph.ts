// MSW-mocked Microsoft Graph. Every request the server sends and every body a mock returns is checked
// against the Graph contract; violations fail the test in afterEach.
import assert from "node:assert/strict";
import { HttpResponse, http, type RequestHandler } from "msw";
import { setupServer } from "msw/node";
import { GraphContract, type ContractOperation } from "./contract.js";

export const GRAPH_ORIGIN = "https://graph.microsoft.com";

export interface GraphRequest {
  operationId: string;
  url: URL;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export interface MockReply {
  status?: number;
  body?: unknown;
  /** A body sent as-is, for replies that are deliberately not contract JSON. */
  raw?: string;
  headers?: Record<string, string>;
}

export type Resolver = (request: GraphRequest) => MockReply | Promise<MockReply>;

export const contract = new GraphContract();

export function graphError(status: number, code: string, message = "Mock Graph error."): MockReply {
  return {
    status,
    headers: { "request-id": `req-${code}` },
    body: { error: { code, message, innerError: { date: "2026-11-27T10:00:00", "request-id": `req-${code}`, "client-request-id": "c" } } },
  };
}

/** A 429 with Retry-After: 0, so the SDK's retries run without waiting. */
export function throttled(code: string, message: string): MockReply {
  const reply = graphError(429, code, message);
  return { ...reply, headers: { ...reply.headers, "Retry-After": "0" } };
}

/** The query options of one Graph request, as a plain object, so assertions name every option sent. */
export function queryOf(request: GraphRequest | undefined): Record<string, string> {
  assert.ok(request, "expected a Graph request");
  return Object.fromEntries(request.query.entries());
}

export interface SearchRequest {
  entityTypes: string[];
  query: { queryString: string };
  from: number;
  size: number;
}

/** The one search request in the body of a /search/query call. */
export function searchRequestOf(request: GraphRequest | undefined): SearchRequest {
  assert.ok(request, "expected a search request");
  const { requests } = request.body as { requests: SearchRequest[] };
  assert.equal(requests.length, 1, "one search request per /search/query call");
  return requests[0] as SearchRequest;
}

export class MockGraph {
  readonly requests: GraphRequest[] = [];
  readonly violations: string[] = [];
  private readonly resolvers = new Map<string, Resolver>();
  readonly server: ReturnType<typeof setupServer>;

  /** `otherHosts` serves the hosts beside Graph that the server talks to (Entra, download hosts) on the same interceptor. */
  constructor(otherHosts: readonly RequestHandler[] = []) {
    this.server = setupServer(
      ...otherHosts,
      http.all(`${GRAPH_ORIGIN}/*`, async ({ request }) => {
        const url = new URL(request.url);
        const match = contract.match(request.method, url.pathname);
        if (!match) {
          this.violations.push(`${request.method} ${url.pathname} is not an operation of the Graph contract`);
          return HttpResponse.json({ error: { code: "BadRequest", message: "Unknown path." } }, { status: 400 });
        }
        const text = request.method === "GET" ? "" : await request.text();
        const body: unknown = text ? JSON.parse(text) : undefined;
        const graphRequest: GraphRequest = { operationId: match.operation.operationId, url, pathParams: match.pathParams, query: url.searchParams, headers: request.headers, body };
        this.requests.push(graphRequest);
        this.violations.push(...contract.checkRequest(match, url, request.headers, body).map((p) => `${match.operation.operationId}: ${p}`));
        const resolver = this.resolvers.get(match.operation.operationId);
        if (!resolver) {
          this.violations.push(`no mock for ${match.operation.operationId}`);
          return HttpResponse.json({ error: { code: "itemNotFound", message: "No mock." } }, { status: 404 });
        }
        return this.reply(match.operation, await resolver(graphRequest));
      }),
    );
  }

  private reply(operation: ContractOperation, reply: MockReply): Response {
    const status = reply.status ?? 200;
    if (reply.body !== undefined) {
      this.violations.push(...contract.checkResponse(operation, status, reply.body).map((p) => `${operation.operationId} mock: ${p}`));
    }
    const headers = { "request-id": `req-${operation.operationId}`, ...reply.headers };
    if (reply.raw !== undefined) return new HttpResponse(reply.raw, { status, headers: { "content-type": "application/json", ...headers } });
    return reply.body === undefined ? new HttpResponse(null, { status, headers }) : HttpResponse.json(reply.body as Record<string, unknown>, { status, headers });
  }

  on(operationId: string, resolver: Resolver): this {
    contract.operation(operationId);
    this.resolvers.set(operationId, resolver);
    return this;
  }

  requestsFor(operationId: string): GraphRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  listen(): void {
    this.server.listen({
      onUnhandledRequest: (request, print) => {
        if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(request.url).hostname)) print.error();
      },
    });
  }

  reset(): void {
    this.resolvers.clear();
    this.requests.length = 0;
    this.violations.length = 0;
  }

  close(): void {
    this.server.close();
  }
}
