// What the fuzzer mutates besides the schemas: real uris, links and cursors the running server handed out for the
// seeded tenant, the uri templates it lists, and cursors signed with its key but holding hostile state (as a
// replica with the same M365_MCP_CURSOR_KEY, or an older version of the server, could have issued).
import { SignJWT } from "jose";
import { graphOperations } from "../../generated/graph-client.js";
import { tools } from "../../generated/tools.js";
import { FUZZ_CURSOR_KEY, type FuzzServer } from "./support.js";
import { send, type WireRequest } from "./wire.js";

export interface Corpus {
  /** m365:// uris from search results. */
  uris: string[];
  /** https links from search results (SharePoint, OneDrive, Outlook, Teams). */
  links: string[];
  /** Cursors the server issued, by the tool that issued them. */
  cursors: Record<string, string[]>;
  /** Cursors signed with the server's key, with hostile payloads, audiences or subjects. */
  forged: string[];
  /** The uri templates resources/templates/list serves. */
  templates: string[];
  /** The ids inside the corpus uris, decoded. */
  ids: string[];
  now: Date;
}

/** Searches the seeded tenant answers with several results, so each returns a nextCursor with limit 1. */
const SEED_CALLS: ReadonlyArray<[string, Record<string, unknown>]> = [
  ["outlook_email_search", { query: "budget", limit: 1 }],
  ["outlook_email_search", { folder: "Inbox", limit: 1 }],
  ["sharepoint_search", { query: "budget", limit: 1 }],
  ["sharepoint_search", { query: "report", limit: 1 }],
  ["sharepoint_search", { query: "onboarding", limit: 1 }],
  ["sharepoint_folder_search", { name: "Campaigns", limit: 1 }],
  ["sharepoint_folder_search", { name: "Notes", limit: 1 }],
  ["chat_message_search", { query: "launch", limit: 1 }],
  ["outlook_calendar_search", { limit: 1 }],
  ["onedrive_list_root", { limit: 1 }],
];

let nextId = 1_000_000;

async function call(server: FuzzServer, request: Omit<WireRequest, "id">): Promise<Record<string, unknown>> {
  const { exchange } = await send(server.harness.server.url, server.bearer, "direct", { ...request, id: nextId++ });
  const message = exchange.messages?.[0] as { result?: Record<string, unknown> } | undefined;
  if (!message?.result) throw new Error(`the corpus call ${JSON.stringify(request)} failed: ${exchange.status} ${exchange.text.slice(0, 500)}`);
  return message.result;
}

/** Every string under `key` anywhere in `value`. */
function stringsUnder(value: unknown, key: string, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) stringsUnder(item, key, found);
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === key && typeof v === "string") found.push(v);
      else stringsUnder(v, key, found);
    }
  }
  return found;
}

/** Every https link anywhere in `value`. */
function linksIn(value: unknown): string[] {
  return JSON.stringify(value).match(/https:\/\/[^"\s)\]]+/g) ?? [];
}

const hostileState = (graphEndpoint: string, uri: string): Array<Record<string, unknown>> => {
  const elsewhere = ["https://graph.microsoft.com", "https://evil.example.com", graphEndpoint.replace(/^https:/, "http:"), graphEndpoint.replace("://", "://user:pw@")];
  const nextLinks = [
    ...elsewhere.map((origin) => `${origin}/v1.0/me/messages?$skip=10`),
    `${graphEndpoint}/v1.0/me/messages?$skip=10`,
    `${graphEndpoint}/v1.0/me/messages/../../users?$top=999`,
    `${graphEndpoint}/v1.0/users/someone-else/messages`,
    `${graphEndpoint}/v1.0/me/messages?$top=100000&$select=body`,
    `${graphEndpoint}/v1.0/me/drive/root/children?$skiptoken=x`,
    "/v1.0/me/messages",
    "javascript:alert(1)",
    "not a url",
    "",
    5,
  ];
  const froms = [-1, 0, 1.5, 10, 1_000_000, 2 ** 31, 1e15, Number.MAX_SAFE_INTEGER, "10"];
  const phases = ["", "{}", "[]", "null", "not json", '{"__proto__":{"polluted":"yes"}}', '{"strategy":"nope","offset":-1}', JSON.stringify({ a: { b: { c: [1, [2, [3]]] } } }), uri, 7];
  return [
    ...nextLinks.map((nextLink) => ({ nextLink })),
    ...froms.map((from) => ({ from })),
    ...phases.map((phase) => ({ phase })),
    ...phases.map((phase) => ({ from: 0, phase })),
    ...nextLinks.slice(4, 6).flatMap((nextLink) => phases.slice(0, 6).map((phase) => ({ nextLink, phase }))),
  ];
};

/** Signs as the server does (HS256, audience the tool, subject the caller), with whatever claims the fuzzer chooses. */
function seal(claims: Record<string, unknown>, audience: string, subject: string, expires: string | number = "1h", alg = "HS256"): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).setAudience(audience).setSubject(subject).setExpirationTime(expires).sign(new TextEncoder().encode(FUZZ_CURSOR_KEY));
}

async function forgeCursors(server: FuzzServer, uris: readonly string[]): Promise<string[]> {
  const subject = `${server.user.tenantId}/${server.user.userId}`;
  const operations = Object.keys(graphOperations);
  const forged: Array<Promise<string>> = [];
  for (const tool of tools) {
    const own = [...tool.graph, "searchQuery"];
    for (const operation of own) {
      for (const state of hostileState(server.harness.graphEndpoint, uris[forged.length % uris.length] ?? "m365://mail/x")) forged.push(seal({ operation, ...state }, tool.name, subject));
    }
    // Valid state in every other way, but the wrong operation, audience, subject, lifetime or algorithm.
    forged.push(seal({ operation: operations[forged.length % operations.length] }, tool.name, subject));
    forged.push(seal({ operation: 5 }, tool.name, subject), seal({}, tool.name, subject));
    forged.push(seal({ operation: own[0] }, tool.name, `${server.user.tenantId}/b0b00000-0000-4000-8000-000000000002`));
    forged.push(seal({ operation: own[0] }, `${tool.name}-other`, subject));
    forged.push(seal({ operation: own[0], from: 0 }, tool.name, subject, Math.floor(Date.now() / 1000) - 60));
    forged.push(seal({ operation: own[0], from: 0 }, tool.name, subject, "1h", "HS512"));
  }
  return Promise.all(forged);
}

/** A read of each uri with the smallest page, until `wanted` of them hand out a nextCursor. */
async function readCursors(server: FuzzServer, uris: readonly string[], wanted: number): Promise<string[]> {
  const cursors: string[] = [];
  for (const uri of uris) {
    if (cursors.length >= wanted) break;
    const result = await call(server, { method: "tools/call", params: { name: "read_resource", arguments: { uri, maxChars: 500 } } });
    cursors.push(...stringsUnder(result["structuredContent"], "nextCursor"));
  }
  return cursors;
}

export async function buildCorpus(server: FuzzServer): Promise<Corpus> {
  const uris = new Set<string>();
  const links = new Set<string>();
  const cursors: Record<string, string[]> = {};
  for (const [name, args] of SEED_CALLS.flatMap(([tool, args]) => [[tool, args], [tool, { ...args, limit: 20 }]] as const)) {
    const result = await call(server, { method: "tools/call", params: { name, arguments: args } });
    if (result["isError"] === true) throw new Error(`the corpus call ${name} ${JSON.stringify(args)} failed: ${JSON.stringify(result["content"])}`);
    for (const uri of stringsUnder(result["structuredContent"], "uri")) uris.add(uri);
    for (const link of linksIn(result["structuredContent"])) links.add(link);
    (cursors[name] ??= []).push(...stringsUnder(result["structuredContent"], "nextCursor"));
  }
  const uriList = [...uris];
  cursors["read_resource"] = await readCursors(server, uriList, 3);
  const listed = await call(server, { method: "resources/templates/list", params: {} });
  const templates = stringsUnder(listed, "uriTemplate");
  const ids = [...new Set(uriList.flatMap((uri) => uri.slice("m365://".length).split("/").filter((_, i) => i % 2 === 1).map((id) => decodeURIComponent(id))))];
  const corpus = { uris: uriList, links: [...links], cursors, forged: await forgeCursors(server, uriList), templates, ids, now: new Date() };
  const issuing = Object.entries(cursors).filter(([, list]) => list.length > 0).map(([tool]) => tool);
  // A corpus this thin would leave whole tools unexercised: the seeded tenant must have changed.
  if (corpus.uris.length < 20 || corpus.links.length < 10 || issuing.length < 5 || templates.length < 5) {
    throw new Error(`the fuzz corpus is too thin: ${corpus.uris.length} uris, ${corpus.links.length} links, cursors from ${issuing.join(", ")}, ${templates.length} templates`);
  }
  return corpus;
}
