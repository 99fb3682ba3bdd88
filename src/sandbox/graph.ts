// Simulated Microsoft Graph, served on a real socket: every request the server sends and every body a resolver
// returns is checked against the Graph contract, so the tests' mocks and the sandbox cannot drift from real Graph.
// Like Graph, it answers 401 to a request without a valid Graph token before any resolver runs.
import { GraphContract, type ContractOperation } from "./contract.js";
import type { GraphCaller } from "./entra.js";
import type { Handler } from "./host.js";

/** Checks a bearer token as Graph does: the caller it names, or a rejection carrying Graph's message. */
export type GraphTokenCheck = (token: string) => Promise<GraphCaller>;

export interface GraphRequest {
  operationId: string;
  url: URL;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
  /** Whom the request's verified Graph token names. */
  caller: GraphCaller;
}

export interface MockReply {
  status?: number;
  body?: unknown;
  /** A body sent as-is, for replies that are deliberately not contract JSON. */
  raw?: string;
  /** Drops the connection instead of answering, as a reset connection would. */
  reset?: boolean;
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

const unauthenticated = (message: string): Response =>
  Response.json(
    { error: { code: "InvalidAuthenticationToken", message, innerError: { date: new Date().toISOString().slice(0, 19), "request-id": "req-401", "client-request-id": "c" } } },
    { status: 401, headers: { "request-id": "req-401", "WWW-Authenticate": 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' } },
  );

export class SimulatedGraph {
  readonly requests: GraphRequest[] = [];
  /** Requests refused for their credentials, as "METHOD path: Graph's message"; the server should never send one. */
  readonly unauthenticated: string[] = [];
  readonly violations: string[] = [];
  protected readonly resolvers = new Map<string, Resolver>();

  constructor(private readonly checkToken: GraphTokenCheck) {}

  private inFlight = 0;
  private whenIdle: Array<() => void> = [];

  /** The simulation's HTTP surface, to serve on a SimulatorHost as the Graph endpoint. */
  readonly handler: Handler = async (request) => {
    this.inFlight++;
    try {
      return await this.handle(request);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
    }
  };

  /** Resolves once no request is being handled: a test's last requests are judged before the next test's mocks. */
  idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.whenIdle.push(resolve));
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const match = contract.match(request.method, url.pathname);
    if (!match) {
      this.violations.push(`${request.method} ${url.pathname} is not an operation of the Graph contract`);
      return Response.json({ error: { code: "BadRequest", message: "Unknown path." } }, { status: 400 });
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
    let caller: GraphCaller;
    try {
      if (!bearer) throw new Error("Access token is empty.");
      caller = await this.checkToken(bearer);
    } catch (error) {
      this.unauthenticated.push(`${request.method} ${url.pathname}: ${(error as Error).message}`);
      return unauthenticated((error as Error).message);
    }
    const text = request.method === "GET" ? "" : await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const graphRequest: GraphRequest = { operationId: match.operation.operationId, url, pathParams: match.pathParams, query: url.searchParams, headers: request.headers, body, caller };
    this.requests.push(graphRequest);
    this.violations.push(...contract.checkRequest(match, url, request.headers, body).map((p) => `${match.operation.operationId}: ${p}`));
    const resolver = this.resolvers.get(match.operation.operationId);
    if (!resolver) {
      this.violations.push(`no mock for ${match.operation.operationId}`);
      return Response.json({ error: { code: "itemNotFound", message: "No mock." } }, { status: 404 });
    }
    return this.reply(match.operation, await resolver(graphRequest));
  }

  private reply(operation: ContractOperation, reply: MockReply): Response {
    if (reply.reset) return Response.error();
    const status = reply.status ?? 200;
    if (reply.body !== undefined) {
      this.violations.push(...contract.checkResponse(operation, status, reply.body).map((p) => `${operation.operationId} mock: ${p}`));
    }
    const headers = { "request-id": `req-${operation.operationId}`, ...reply.headers };
    if (reply.raw !== undefined) return new Response(reply.raw, { status, headers: { "content-type": "application/json", ...headers } });
    return reply.body === undefined ? new Response(null, { status, headers }) : Response.json(reply.body, { status, headers });
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
    this.unauthenticated.length = 0;
    this.violations.length = 0;
  }
}
