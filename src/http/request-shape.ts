// Shape checks on a parsed JSON-RPC body before anything walks it: every later step (audit summaries, validation,
// logging, cursors) may recurse over client JSON, so its depth is bounded here, once, without recursion.

/** Deeper than any real request: a tool's arguments nest a few levels inside the JSON-RPC envelope. */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects or arrays more than `max` levels deep; an explicit stack, so it cannot overflow. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (typeof next.value !== "object" || next.value === null) continue;
    if (next.depth > max) return true;
    for (const child of Object.values(next.value)) {
      if (typeof child === "object" && child !== null) stack.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}

/** In a /u pattern a surrogate pair reads as one code point, so only an unpaired surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether any string in `value`, keys included, is not well-formed UTF-16 (a lone surrogate, which JSON's \u escapes
 * allow): such text cannot be percent-encoded into a Graph URL, nor written as UTF-8, so no step after this may see it.
 */
export function hasIllFormedText(value: unknown): boolean {
  const stack: Array<string | object> = [];
  const visit = (item: unknown): void => {
    if (typeof item === "string" || (typeof item === "object" && item !== null)) stack.push(item);
  };
  visit(value);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next === "string") {
      if (LONE_SURROGATE.test(next)) return true;
      continue;
    }
    for (const [key, child] of Object.entries(next)) {
      if (LONE_SURROGATE.test(key)) return true;
      visit(child);
    }
  }
  return false;
}

/** The messages of a body: a batch's, or the one message. */
export const messagesOf = (body: unknown): unknown[] => (Array.isArray(body) ? body : [body]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What is wrong with the params of a tools/call or resources/read in the body, as the client should read it; else
 * undefined. The SDK would answer these with its validator's dump (and for arguments, -32603), so they are caught
 * here. Absent arguments are allowed: they mean none.
 */
export function invalidParams(body: unknown): string | undefined {
  for (const message of messagesOf(body)) {
    if (!isObject(message)) continue;
    const { method, params } = message;
    if (method !== "tools/call" && method !== "resources/read") continue;
    if (!isObject(params)) return `Invalid params: ${method} needs params, a JSON object.`;
    if (method === "tools/call" && typeof params["name"] !== "string") return "Invalid params: tools/call needs the tool's name, a string.";
    if (method === "tools/call" && params["arguments"] !== undefined && !isObject(params["arguments"])) return "Invalid params: the arguments of tools/call must be a JSON object (or left out).";
    if (method === "resources/read" && typeof params["uri"] !== "string") return "Invalid params: resources/read needs the resource's uri, a string.";
  }
  return undefined;
}
