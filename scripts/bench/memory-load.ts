// The memory benchmark's mixed load: every tool, for every sandbox user, with read_resource of mail, events, chat
// messages, pages and files of several formats and sizes. Items to read are the uris earlier answers returned, plus
// the bench's generated files. Now and then a user signs in again (a fresh token), as a fleet of clients does, so
// the server's token caches see new entries throughout and not only during the first minute.
import type { SandboxUser } from "../../src/sandbox/tenant.js";
import type { BenchFile } from "./memory-world.js";

export interface Caller {
  user: SandboxUser;
  token: string;
  /** Uris this user's earlier answers returned, to read later (bounded). */
  uris: string[];
}

export interface Tally {
  requests: number;
  ok: number;
  /** Answers with isError: true (a file too large, a fault the server passed on, a throttled call). */
  toolErrors: number;
  /** Anything but HTTP 200 with a JSON-RPC result. */
  httpErrors: number;
  /** The request itself failed (connection refused or reset, timeout). */
  failed: number;
  signIns: number;
  byTool: Map<string, { calls: number; errors: number }>;
}

export const emptyTally = (): Tally => ({ requests: 0, ok: 0, toolErrors: 0, httpErrors: 0, failed: 0, signIns: 0, byTool: new Map() });

interface Call {
  name: string;
  arguments: Record<string, unknown>;
}

const QUERIES = ["budget", "Northwind", "launch", "release", "supplier", "review", "campaign", "warehouse", "onboarding", "forecast"];
const COLLEAGUES: Record<string, string[]> = {
  "adele.vance@contoso.com": ["alex.wilber@contoso.com", "Nestor Wilke", "patti.fernandez@contoso.com"],
  "alex.wilber@contoso.com": ["adele.vance@contoso.com", "Lidia Holloway", "Diego Siciliani"],
  "megan.bowen@fabrikam.com": ["johanna.lorenz@fabrikam.com", "Lee Gu", "Miriam Graham"],
};
const MAX_URIS = 200;

const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
};

/** The next call for `caller`, by weight: about 45% read_resource (two thirds of them files), the rest searches. */
export function nextCall(caller: Caller, files: readonly BenchFile[]): Call {
  const { user } = caller;
  const roll = Math.random();
  const now = Date.now();
  if (roll < 0.3) {
    const mine = files.filter((f) => f.tenantId === user.tenantId && (f.ownerId === undefined || f.ownerId === user.userId));
    const seeded = caller.uris.filter((u) => u.startsWith("m365://drives/"));
    const uri = seeded.length > 0 && Math.random() < 0.3 ? pick(seeded) : pick(mine).uri;
    return { name: "read_resource", arguments: { uri } };
  }
  if (roll < 0.45) {
    const others = caller.uris.filter((u) => !u.startsWith("m365://drives/"));
    if (others.length > 0) return { name: "read_resource", arguments: { uri: pick(others) } };
  }
  const tools: Array<() => Call> = [
    () => ({ name: "get_me", arguments: {} }),
    () => ({ name: "sharepoint_search", arguments: { query: pick(QUERIES) } }),
    () => ({ name: "sharepoint_folder_search", arguments: { name: pick(["Campaigns", "Budget", "Policies", "Logistics", "Archive"]) } }),
    () => ({ name: "outlook_email_search", arguments: { query: pick(QUERIES), limit: 10 } }),
    () => ({ name: "outlook_email_search", arguments: user.upn.startsWith("adele") ? { mailbox: "finance@contoso.com", limit: 10 } : { unreadOnly: true, limit: 10 } }),
    () => ({ name: "outlook_calendar_search", arguments: Math.random() < 0.5 ? {} : { query: pick(["review", "sync", "planning", "standup"]) } }),
    () => ({ name: "chat_message_search", arguments: { query: pick(QUERIES) } }),
    () => ({
      name: "find_meeting_availability",
      arguments: { attendees: [pick(COLLEAGUES[user.upn] ?? [])], startDateTime: new Date(now).toISOString(), endDateTime: new Date(now + 5 * 86_400_000).toISOString(), durationMinutes: 30 },
    }),
    () => ({ name: "onedrive_list_root", arguments: {} }),
  ];
  return pick(tools)();
}

/** Keeps the uris an answer returned (any `uri` field at any depth), for later read_resource calls. */
export function rememberUris(caller: Caller, structured: unknown): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) visit(v);
    else if (value && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        if (key === "uri" && typeof v === "string" && v.startsWith("m365://") && !caller.uris.includes(v)) {
          caller.uris.push(v);
          if (caller.uris.length > MAX_URIS) caller.uris.shift();
        } else visit(v);
      }
    }
  };
  visit(structured);
}

const ENVELOPE = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}, "io.modelcontextprotocol/clientInfo": { name: "bench-memory", version: "1" } };
let nextId = 0;

interface RpcReply {
  result?: { isError?: boolean; structuredContent?: unknown };
}

/** One tools/call over the 2026-07-28 revision, counted into `tally`. */
export async function callTool(url: URL, caller: Caller, call: Call, tally: Tally, timeoutMs: number): Promise<void> {
  tally.requests++;
  const tool = tally.byTool.get(call.name) ?? { calls: 0, errors: 0 };
  tally.byTool.set(call.name, tool);
  tool.calls++;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2026-07-28",
        "mcp-method": "tools/call",
        "mcp-name": call.name,
        authorization: `Bearer ${caller.token}`,
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++nextId, method: "tools/call", params: { ...call, _meta: ENVELOPE } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const reply = response.status === 200 ? (JSON.parse(text) as RpcReply) : undefined;
    if (!reply?.result) {
      tally.httpErrors++;
      tool.errors++;
    } else if (reply.result.isError) {
      tally.toolErrors++;
      tool.errors++;
    } else {
      tally.ok++;
      rememberUris(caller, reply.result.structuredContent);
    }
  } catch {
    tally.failed++;
    tool.errors++;
  }
}
