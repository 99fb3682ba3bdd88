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

/** The messages of a body: a batch's, or the one message. */
export const messagesOf = (body: unknown): unknown[] => (Array.isArray(body) ? body : [body]);

/**
 * Whether a tools/call in the body carries `arguments` that are not a JSON object (null, a string, a number, an
 * array). Absent arguments are allowed: they mean none.
 */
export function hasNonObjectArguments(body: unknown): boolean {
  return messagesOf(body).some((message) => {
    if (typeof message !== "object" || message === null || (message as { method?: unknown }).method !== "tools/call") return false;
    const params = (message as { params?: unknown }).params;
    if (typeof params !== "object" || params === null || !("arguments" in params)) return false;
    const args = (params as { arguments?: unknown }).arguments;
    return args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args));
  });
}
