// Simulated Microsoft Graph as MSW handlers: every request the server sends and every body a resolver returns is
// checked against the Graph contract, so the tests' mocks and the sandbox cannot drift from real Graph.
import { HttpResponse, http, type RequestHandler } from "msw";
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

export class SimulatedGraph {
  readonly requests: GraphRequest[] = [];
  readonly violations: string[] = [];
  protected readonly resolvers = new Map<string, Resolver>();
  readonly handler: RequestHandler;

  constructor(origin = GRAPH_ORIGIN) {
    this.handler = http.all(`${origin}/*`, async ({ request }) => {
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
    });
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

  reset(): void {
    this.resolvers.clear();
    this.requests.length = 0;
    this.violations.length = 0;
  }
}
