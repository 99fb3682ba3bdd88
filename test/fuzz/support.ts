// The fuzzer's server: the real one from the test harness, with the sandbox's seeded Graph behind it so every tool
// can run to completion, and a raw JSON-RPC poster that keeps what the SDK client would hide (status, bodies, SSE).
import { SANDBOX_USERS, seedSandbox } from "../../src/sandbox/tenant.js";
import { startHarness, type Harness } from "../support/harness.js";

/** Signs the paging cursors, so the fuzzer can also forge validly signed cursors with hostile contents. */
export const FUZZ_CURSOR_KEY = "fuzz-cursor-key-0123456789abcdefghij";

export interface FuzzServer {
  harness: Harness;
  /** Adele Vance, a seeded sandbox user with every scope. */
  user: { tenantId: string; userId: string };
  bearer: string;
  close(): Promise<void>;
}

export async function startFuzzServer(): Promise<FuzzServer> {
  const harness = await startHarness({ M365_MCP_CURSOR_KEY: FUZZ_CURSOR_KEY, M365_MCP_GRAPH_TIMEOUT_MS: "10000" });
  try {
    seedSandbox(harness.graph, harness.files);
    const adele = SANDBOX_USERS[0];
    if (!adele) throw new Error("the sandbox has no users");
    harness.auth.add("adele", adele);
    return { harness, user: adele, bearer: `Bearer ${await harness.auth.token("adele")}`, close: () => harness.close() };
  } catch (error) {
    await harness.close();
    throw error;
  }
}

export interface RawExchange {
  status: number;
  contentType: string;
  /** The body as sent by the server. */
  text: string;
  /** The JSON-RPC messages in the body: the one JSON body, or every SSE data event; undefined when unreadable. */
  messages: unknown[] | undefined;
}

/** The data events of a text/event-stream body, each parsed as JSON; undefined if any is not JSON. */
function sseMessages(text: string): unknown[] | undefined {
  const messages: unknown[] = [];
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, ""))
      .join("\n");
    if (!data) continue;
    try {
      messages.push(JSON.parse(data) as unknown);
    } catch {
      return undefined;
    }
  }
  return messages;
}

function parseBody(contentType: string, text: string): unknown[] | undefined {
  if (contentType.startsWith("text/event-stream")) return sseMessages(text);
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    return undefined;
  }
}

/** Twice the Graph timeout the fuzz server runs with: no answer by then is a hang. */
const ANSWER_WITHIN_MS = 20_000;

/** POSTs one JSON-RPC body to /mcp as `bearer`, with the given extra headers. */
export async function postRaw(url: URL, bearer: string, body: string, headers: Record<string, string>): Promise<RawExchange> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: bearer, ...headers },
    body,
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  return { status: response.status, contentType, text, messages: parseBody(contentType, text) };
}

/** An Mcp-Name header value as SEP-2243 clients send it: base64 inside a sentinel when it is not plain visible ASCII. */
export function mcpHeaderValue(value: string): string {
  const plain = value.length > 0 && value === value.trim() && /^[\t\x20-\x7e]*$/.test(value) && !(value.startsWith("=?base64?") && value.endsWith("?="));
  return plain ? value : `=?base64?${Buffer.from(value, "utf8").toString("base64")}?=`;
}
