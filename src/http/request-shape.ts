// Shape checks on a parsed JSON-RPC body before anything walks it: every later step (audit summaries, validation,
// logging, cursors) may recurse over client JSON, so its depth is bounded here, once, without recursion.

/** Deeper than any real request: a tool's arguments nest a few levels inside the JSON-RPC envelope. */
export const MAX_JSON_DEPTH = 64;

/** In a /u pattern a surrogate pair reads as one code point, so only an unpaired surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What is wrong with the shape of `value`, in one walk with an explicit stack (so it cannot overflow):
 * - too_deep: objects or arrays nested more than `maxDepth` levels;
 * - ill_formed_text: a string or key that is not well-formed UTF-16 (a lone surrogate, which JSON's \u escapes allow),
 *   which cannot be percent-encoded into a Graph URL nor written as UTF-8.
 * Depth wins when both are wrong. Undefined when the shape is fine.
 */
export function shapeProblem(value: unknown, maxDepth: number): "too_deep" | "ill_formed_text" | undefined {
  let illFormed = false;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (typeof next.value === "string") {
      illFormed ||= LONE_SURROGATE.test(next.value);
      continue;
    }
    if (typeof next.value !== "object" || next.value === null) continue;
    if (next.depth > maxDepth) return "too_deep";
    for (const [key, child] of Object.entries(next.value)) {
      illFormed ||= LONE_SURROGATE.test(key);
      if (typeof child === "string" || (typeof child === "object" && child !== null)) stack.push({ value: child, depth: next.depth + 1 });
    }
  }
  return illFormed ? "ill_formed_text" : undefined;
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
