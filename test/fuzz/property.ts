// The one fuzz property, shared by the bounded mocha run and `npm run fuzz`: any tools/call or resources/read a
// client can send, built from the tools' input schemas and mutated, gets a legitimate answer, and the server stays
// healthy, unpolluted and within the Graph contract afterwards.
import fc from "fast-check";
import { tools } from "../../generated/tools.js";
import { buildCorpus, type Corpus } from "./corpus.js";
import { anyJson, edgeString, HOSTILE_KEYS } from "./hostile.js";
import { answerViolations, stringsOf } from "./invariants.js";
import { applyMutations, mutationArbitrary, type Mutation } from "./mutate.js";
import { objectArbitrary, readSchema } from "./schema-arbitrary.js";
import { startFuzzServer, type FuzzServer } from "./support.js";
import { uriArbitrary } from "./uris.js";
import { vocabulary } from "./vocabulary.js";
import { ROUTES, send, type Route, type WireRequest } from "./wire.js";

export interface FuzzCase {
  route: Route;
  method: "tools/call" | "resources/read";
  params: Record<string, unknown>;
  /** How the params were made: the mutations applied to valid arguments, or the kind of hostile request. */
  how: readonly Mutation[] | string;
}

/** How a case was answered, for the run's statistics. */
export type Outcome = "success" | "toolError" | "invalidParams" | "violation";

const route = fc.constantFrom<Route>(...ROUTES, "direct", "direct");

/** Valid arguments for each tool, then zero to three mutations of them. */
function toolCases(corpus: Corpus): Array<fc.Arbitrary<FuzzCase>> {
  return tools.map((tool) => {
    const schema = readSchema(tool.inputSchema);
    const valid = objectArbitrary(schema, vocabulary(corpus, tool.name), corpus.now);
    return fc
      .tuple(route, valid.chain((args) => fc.tuple(fc.constant(args), fc.array(mutationArbitrary(schema, args), { maxLength: 3 }))))
      .map(([via, [args, mutations]]): FuzzCase => ({ route: via, method: "tools/call", params: { name: tool.name, arguments: applyMutations(args, mutations) }, how: mutations }));
  });
}

/** resources/read with any uri, or none, or one of the wrong type. */
function readCases(corpus: Corpus): fc.Arbitrary<FuzzCase> {
  const uri = fc.oneof({ arbitrary: uriArbitrary(corpus), weight: 9 }, { arbitrary: anyJson, weight: 1 });
  return fc.tuple(route, fc.option(uri, { freq: 20, nil: undefined })).map(([via, value]): FuzzCase => ({ route: via, method: "resources/read", params: value === undefined ? {} : { uri: value }, how: "resources/read" }));
}

/** tools/call with arguments that are not an object, or none, or a tool name the server does not have. */
function envelopeCases(): fc.Arbitrary<FuzzCase> {
  const names = tools.map((t) => t.name);
  const badArguments = fc.tuple(route, fc.constantFrom(...names), fc.constantFrom<unknown>(null, "budget", 5, true, [], [{}], ["budget"])).map(([via, name, args]): FuzzCase => ({ route: via, method: "tools/call", params: { name, arguments: args }, how: "non-object arguments" }));
  const noArguments = fc.tuple(route, fc.constantFrom(...names)).map(([via, name]): FuzzCase => ({ route: via, method: "tools/call", params: { name }, how: "no arguments" }));
  const unknownName = fc.oneof(fc.constantFrom("", "GET_ME", "get_me ", " get_me", "get_me\u0000", "get-me", "read_resource/../get_me", "x".repeat(300), ...HOSTILE_KEYS), edgeString);
  const unknownTool = fc.tuple(route, unknownName).map(([via, name]): FuzzCase => ({ route: via, method: "tools/call", params: { name, arguments: {} }, how: "unknown tool" }));
  return fc.oneof(badArguments, noArguments, unknownTool);
}

export function caseArbitrary(corpus: Corpus): fc.Arbitrary<FuzzCase> {
  const perTool = toolCases(corpus).map((arbitrary) => ({ arbitrary, weight: 10 }));
  return fc.oneof(...perTool, { arbitrary: readCases(corpus), weight: 12 }, { arbitrary: envelopeCases(), weight: 5 });
}

/** Everything own on the built-in prototypes: a polluted one gains a key. */
const prototypeKeys = (): string => [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Reflect.ownKeys(p).map(String).sort().join()).join("|");

export interface FuzzStats {
  cases: number;
  /** Outcomes by tool (or "resources/read"). */
  outcomes: Record<string, Record<Outcome, number>>;
  slowestMs: number;
}

export interface Fuzz {
  server: FuzzServer;
  corpus: Corpus;
  cases: fc.Arbitrary<FuzzCase>;
  /** Runs one case and returns every invariant it broke. */
  check(fuzzCase: FuzzCase): Promise<string[]>;
  property: fc.IAsyncProperty<[FuzzCase]>;
  stats: FuzzStats;
  close(): Promise<void>;
}

const HEALTH_CHECK: WireRequest = { id: 0, method: "tools/call", params: { name: "get_me", arguments: {} } };

function outcomeOf(violations: readonly string[], message: unknown): Outcome {
  if (violations.length > 0) return "violation";
  const answer = message as { result?: { isError?: boolean }; error?: unknown } | undefined;
  if (answer?.error !== undefined) return "invalidParams";
  return answer?.result?.isError === true ? "toolError" : "success";
}

export async function startFuzz(): Promise<Fuzz> {
  const server = await startFuzzServer();
  const { harness } = server;
  let corpus: Corpus;
  try {
    corpus = await buildCorpus(server);
  } catch (error) {
    await server.close();
    throw error;
  }
  const pristine = prototypeKeys();
  const stats: FuzzStats = { cases: 0, outcomes: {}, slowestMs: 0 };
  let nextId = 1;

  /** The server's own record of the case: contract violations, refused credentials, error logs. */
  const serverViolations = (): string[] => [
    ...harness.graph.violations.map((v) => `Graph contract: ${v}`),
    ...harness.graph.unauthenticated.map((v) => `a Graph request without a valid token: ${v}`),
    ...harness.logs.filter((l) => l.level >= 50).map((l) => `the server logged an error: ${l.msg} ${JSON.stringify(l).slice(0, 500)}`),
  ];

  async function healthy(): Promise<string[]> {
    const { exchange } = await send(harness.server.url, server.bearer, "direct", { ...HEALTH_CHECK, id: nextId++ });
    const result = (exchange.messages?.[0] as { result?: { isError?: boolean; structuredContent?: { displayName?: unknown } } } | undefined)?.result;
    return result !== undefined && result.isError === undefined && result.structuredContent?.displayName === "Adele Vance" ? [] : [`get_me no longer works afterwards: ${exchange.status} ${exchange.text.slice(0, 300)}`];
  }

  async function check(fuzzCase: FuzzCase): Promise<string[]> {
    const id = nextId++;
    const started = performance.now();
    const violations: string[] = [];
    let answer: unknown;
    try {
      const { exchange } = await send(harness.server.url, server.bearer, fuzzCase.route, { id, method: fuzzCase.method, params: fuzzCase.params });
      answer = exchange.messages?.find((m) => typeof m === "object" && m !== null && "id" in m);
      violations.push(...answerViolations(exchange, id, fuzzCase.method, stringsOf(fuzzCase.params)));
    } catch (error) {
      violations.push(`no answer: ${String(error)}`);
    }
    await harness.graph.idle();
    violations.push(...serverViolations(), ...(await healthy()));
    if (prototypeKeys() !== pristine) violations.push("a built-in prototype gained or lost a property");
    const elapsed = performance.now() - started;
    stats.cases++;
    stats.slowestMs = Math.max(stats.slowestMs, elapsed);
    const tool = fuzzCase.method === "resources/read" ? "resources/read" : String(fuzzCase.params["name"]);
    const byTool = (stats.outcomes[tools.some((t) => t.name === tool) || tool === "resources/read" ? tool : "(unknown tool)"] ??= { success: 0, toolError: 0, invalidParams: 0, violation: 0 });
    byTool[outcomeOf(violations, answer)]++;
    // Per case, so a long run's memory stays flat and each case is judged on its own requests.
    harness.graph.requests.length = 0;
    harness.graph.violations.length = 0;
    harness.graph.unauthenticated.length = 0;
    harness.logs.length = 0;
    harness.audit.length = 0;
    return violations;
  }

  const cases = caseArbitrary(corpus);
  const property = fc.asyncProperty(cases, async (fuzzCase) => {
    const violations = await check(fuzzCase);
    if (violations.length > 0) throw new Error(violations.join("\n"));
  });
  return { server, corpus, cases, check, property, stats, close: () => server.close() };
}

export interface FuzzRun {
  seed: number;
  numRuns: number;
  failed: boolean;
  interrupted: boolean;
  /** The shrunk case and what it broke, when the run failed. */
  counterexample?: FuzzCase;
  error?: string;
  replay?: string;
}

/** Runs the property for `numRuns` cases or until `timeLimitMs`, whichever comes first. */
export async function runFuzz(fuzz: Fuzz, options: { seed: number; numRuns?: number; timeLimitMs?: number }): Promise<FuzzRun> {
  const details = await fc.check<[FuzzCase]>(fuzz.property, {
    seed: options.seed,
    numRuns: options.numRuns ?? Number.MAX_SAFE_INTEGER,
    ...(options.timeLimitMs === undefined ? {} : { plugins: [fc.interruptAfterTimeLimit(options.timeLimitMs)] }),
  });
  const run: FuzzRun = { seed: details.seed, numRuns: details.numRuns, failed: details.failed, interrupted: details.interrupted };
  if (details.failed && details.counterexample) {
    run.counterexample = details.counterexample[0];
    run.error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    run.replay = `seed ${details.seed}, path ${details.counterexamplePath}`;
  }
  return run;
}

/** A failed run as a report: the minimal case, how to replay it, and what it broke. */
export function describeFailure(run: FuzzRun): string {
  const shown = JSON.stringify(run.counterexample, (_key, value: unknown) => (typeof value === "string" && value.length > 400 ? `${value.slice(0, 400)}…(${value.length} chars)` : value), 2);
  return [`The fuzz property failed after ${run.numRuns} cases (${run.replay ?? ""}).`, "Counterexample:", shown, "Broken invariants:", run.error ?? ""].join("\n");
}
