// What every answer to a fuzz case must be. Legitimate: a tool success, a tool error (isError) with a specific
// message, or JSON-RPC -32602 with a specific message; all with the request's id, over an HTTP status below 500,
// and no text anywhere in the answer that comes from the server's internals (stacks, source paths, raw JS errors).
import type { RawExchange } from "./support.js";

/** Internals that must never reach a client. */
const LEAKS: ReadonlyArray<[string, RegExp]> = [
  ["a stack frame", /\bat (?:async )?[^\s()]+ \([^()\n]*:\d+:\d+\)|(?:^|\n)\s*at (?:file:\/\/|node:|\/)\S*:\d+:\d+/],
  ["a source path", /\/work\/|node_modules|\.[cm]?[tj]s:\d+|file:\/\/\//],
  ["a raw JavaScript error", /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|URIError|EvalError|AggregateError): |\bCannot read propert|\bis not a function\b|\bis not iterable\b|Unexpected token|Maximum call stack/],
  // Delimited by spaces or punctuation, so ids and cursors (base64url) cannot match by chance.
  ["a leaked value", /\[object Object\]|(?:^|[\s(:=])(?:undefined|NaN)(?:[\s).,;]|$)/],
];

/** Messages that say only that something failed. */
const GENERIC: readonly RegExp[] = [
  /failed unexpectedly/i,
  /^\s*(?:MCP error -?\d+:\s*)?(?:an unexpected error|internal error|internal server error|error|invalid params|invalid request|bad request|unknown error|the server failed to handle the request)\.?\s*$/i,
  /^\s*(?:MCP error -?\d+:\s*)?(?:Invalid params|Invalid arguments)[.:]?\s*$/i,
];

export const INVALID_PARAMS = -32602;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every string in a JSON value, keys included. */
export function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      stringsOf(item, into);
    }
  }
  return into;
}

/** Why a message is not specific enough to act on, or undefined when it is. */
export function unspecific(message: unknown): string | undefined {
  if (typeof message !== "string" || message.trim() === "") return `an empty message (${JSON.stringify(message)})`;
  const generic = GENERIC.find((pattern) => pattern.test(message));
  return generic ? `a generic message: ${JSON.stringify(message.slice(0, 300))}` : undefined;
}

/** The leaks in the answer's text that the request did not itself contain (a refusal may quote the input). */
export function leaksIn(answer: readonly string[], request: readonly string[]): string[] {
  const asked = request.join("\n");
  const said = answer.join("\n");
  return LEAKS.filter(([, pattern]) => pattern.test(said) && !pattern.test(asked)).map(([what, pattern]) => {
    const at = said.search(pattern);
    return `the answer contains ${what}: ${JSON.stringify(said.slice(Math.max(0, at - 80), at + 160))}`;
  });
}

function resultViolations(result: Record<string, unknown>, method: string): string[] {
  if (method === "resources/read") {
    const contents = result["contents"];
    return Array.isArray(contents) && contents.length > 0 ? [] : [`resources/read answered without contents: ${JSON.stringify(result).slice(0, 300)}`];
  }
  const content = result["content"];
  if (!Array.isArray(content) || content.length === 0) return [`the tool answered without content: ${JSON.stringify(result).slice(0, 300)}`];
  const text = content.map((c: unknown) => (isRecord(c) && typeof c["text"] === "string" ? c["text"] : "")).join("\n");
  if (result["isError"] === true) {
    const why = unspecific(text);
    return why ? [`the tool refused with ${why}`] : [];
  }
  if (result["isError"] !== undefined && result["isError"] !== false) return [`isError is ${JSON.stringify(result["isError"])}`];
  return isRecord(result["structuredContent"]) ? [] : ["a tool success without structuredContent"];
}

/** The violations in one exchange; `requestStrings` are the strings the request carried. */
export function answerViolations(exchange: RawExchange, id: number, method: string, requestStrings: readonly string[]): string[] {
  const violations: string[] = [];
  if (exchange.status >= 500) violations.push(`HTTP ${exchange.status}`);
  if (!exchange.messages) return [...violations, `the body is not JSON-RPC (${exchange.contentType}): ${JSON.stringify(exchange.text.slice(0, 300))}`];
  violations.push(...leaksIn(stringsOf(exchange.messages), requestStrings));
  const answers = exchange.messages.filter((m) => isRecord(m) && ("result" in m || "error" in m));
  const answer = answers[0];
  if (answers.length !== 1 || !isRecord(answer)) return [...violations, `expected one JSON-RPC answer, got ${answers.length}: ${JSON.stringify(exchange.text.slice(0, 300))}`];
  if (answer["id"] !== id) violations.push(`the answer's id is ${JSON.stringify(answer["id"])}, not ${id}`);
  const error = answer["error"];
  if (isRecord(error)) {
    if (error["code"] !== INVALID_PARAMS) violations.push(`JSON-RPC error ${JSON.stringify(error["code"])}: ${JSON.stringify(error["message"])}`);
    const why = unspecific(error["message"]);
    if (why) violations.push(`the JSON-RPC error has ${why}`);
    return violations;
  }
  if (exchange.status !== 200) violations.push(`a result over HTTP ${exchange.status}`);
  const result = answer["result"];
  return isRecord(result) ? [...violations, ...resultViolations(result, method)] : [...violations, `the result is not an object: ${JSON.stringify(result)}`];
}
