// The tests' Graph: the sandbox's contract-checked simulation, with resolvers set per test; violations, and requests
// without a valid Graph token, fail the test that caused them (see checkEachTest).
import assert from "node:assert/strict";
import { graphError, type GraphRequest, type MockReply, type SimulatedGraph } from "../../src/sandbox/graph.js";

export { contract, graphError, SimulatedGraph as MockGraph, type GraphRequest, type MockReply, type Resolver } from "../../src/sandbox/graph.js";

/**
 * Takes what the simulated Graph found wrong since the last call, once it has answered every request: each contract
 * violation (named by its operation: a request the contract does not allow, or a mock body it does not) and each
 * request without a valid Graph token.
 */
export async function takeGraphProblems(graph: SimulatedGraph | undefined): Promise<string[]> {
  if (!graph) return [];
  // A tool that failed on one Graph call may leave another still being answered; it belongs to this test.
  await graph.idle();
  const violations = graph.violations.splice(0).map((v) => `Graph contract violation: ${v}`);
  const unauthenticated = graph.unauthenticated.splice(0).map((u) => `Graph request without a valid Graph token: ${u}`);
  return [...violations, ...unauthenticated];
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

