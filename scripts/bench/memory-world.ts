// The memory benchmark's simulated Microsoft 365: the sandbox's seeded tenants (as src/sandbox/tenant.ts seeds them),
// plus larger files of every Office format, PDF and HTML in each user's reach, and faults injected at a fixed rate:
// Graph 429 (with Retry-After), 503 and reset connections, and file downloads that fail or are cut off.
import { readFileSync } from "node:fs";
import { graphError, type MockReply, type Resolver, type SimulatedGraph } from "../../src/sandbox/graph.js";
import type { Handler, SimulatorHost } from "../../src/sandbox/host.js";
import { TENANTS } from "../../src/sandbox/data/directory.js";
import type { ItemRecord } from "../../src/sandbox/data/drives.js";
import { guid, itemIdOf } from "../../src/sandbox/data/ids.js";
import { registerCalendar } from "../../src/sandbox/data/resolvers/calendar.js";
import { registerFiles } from "../../src/sandbox/data/resolvers/files.js";
import { registerMail } from "../../src/sandbox/data/resolvers/mail.js";
import { registerPeople } from "../../src/sandbox/data/resolvers/people.js";
import { registerSearch } from "../../src/sandbox/data/resolvers/search.js";
import { registerTeams } from "../../src/sandbox/data/resolvers/teams.js";
import { World } from "../../src/sandbox/data/world.js";
import { docx, pdf, pptx, pShape, wParagraph, wTable, xlsx } from "../make-fixtures.js";

/** Deterministic words, so every run reads the same bytes. */
let seed = 11;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const WORDS = ["northwind", "budget", "quarter", "supplier", "launch", "review", "forecast", "warehouse", "campaign", "release", "contract", "schedule"];
const sentence = (words = 12): string => `${Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ")}.`;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Repeats `make` until the parts add up to `chars` characters. */
function fill(chars: number, make: (i: number) => string): string {
  const parts: string[] = [];
  for (let size = 0, i = 0; size < chars; i++) {
    const part = make(i);
    parts.push(part);
    size += part.length;
  }
  return parts.join("");
}

/** One generated file: its name and how to make its bytes. */
interface Generated {
  name: string;
  bytes: () => Promise<Uint8Array> | Uint8Array;
}

const KB = 1024;
const MB = 1024 * KB;
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../test/fixtures/files/${name}`, import.meta.url)));

/** Sizes from a few hundred KB to several MB, plus the test fixtures that push the readers' limits. */
const GENERATED: readonly Generated[] = [
  { name: "Bench Report.docx", bytes: () => docx(fill(3 * MB, (i) => (i % 40 === 39 ? wTable([["Item", sentence(2)], ["Owner", sentence(2)]]) : wParagraph(sentence())))) },
  { name: "Bench Annual Report.docx", bytes: () => docx(fill(30 * MB, (i) => (i % 40 === 39 ? wTable([["Item", sentence(2)], ["Owner", sentence(2)]]) : wParagraph(sentence())))) },
  {
    name: "Bench Ledger.xlsx",
    bytes: () => xlsx([{ name: "Ledger", xml: fill(8 * MB, (r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>${Math.floor(random() * 1e6)}</v></c><c r="B${r + 1}" t="inlineStr"><is><t>${sentence(3)}</t></is></c><c r="C${r + 1}"><v>${random().toFixed(4)}</v></c></row>`) }], []),
  },
  { name: "Bench Deck.pptx", bytes: () => pptx(Array.from({ length: 300 }, () => ({ shapes: pShape("title", [{ text: sentence(4) }]) + pShape(undefined, Array.from({ length: 40 }, () => ({ text: sentence() }))), notes: sentence() }))) },
  { name: "Bench Manual.pdf", bytes: () => pdf(Array.from({ length: 120 }, () => Array.from({ length: 40 }, () => sentence(10)))) },
  { name: "Bench Archive.pdf", bytes: () => pdf(Array.from({ length: 600 }, () => Array.from({ length: 40 }, () => sentence(10)))) },
  { name: "Bench Page.html", bytes: () => utf8(`<html><body>${fill(2 * MB, (i) => (i % 10 === 0 ? `<h2>Part ${i}</h2><table><tr><td>${sentence(3)}</td><td>${i}</td></tr></table>` : `<p>${sentence()}</p>`))}</body></html>`) },
  { name: "Bench Notes.txt", bytes: () => utf8(fill(4 * MB, () => `${sentence()}\n`)) },
  { name: "Bench Export.csv", bytes: () => utf8(fill(2 * MB, (i) => `${i},${sentence(4)},${Math.floor(random() * 1e6)}\n`)) },
  { name: "huge.xlsx", bytes: () => fixture("huge.xlsx") },
  { name: "many-pages.pdf", bytes: () => fixture("many-pages.pdf") },
  { name: "bomb.docx", bytes: () => fixture("bomb.docx") },
  { name: "deep.docx", bytes: () => fixture("deep.docx") },
];

/** The drives the generated files go into: a shared library per tenant and one OneDrive. */
const DRIVES = ["marketing-docs", "operations-docs", "onedrive-adele"];

export interface BenchFile {
  uri: string;
  name: string;
  bytes: number;
  /** The tenant (id) whose users can open it. */
  tenantId: string;
  /** Set when only this user (a OneDrive's owner) can open it. */
  ownerId?: string;
}

/** Adds the generated files to the world's drives, copying a seeded file's record of the same drive for the rest. */
async function addFiles(world: World): Promise<BenchFile[]> {
  const made = await Promise.all(GENERATED.map(async (g) => ({ name: g.name, bytes: await g.bytes() })));
  const files: BenchFile[] = [];
  for (const key of DRIVES) {
    const template = world.drives.items.find((i) => i.drive.seed.key === key && !i.isFolder && i.bytes);
    if (!template) throw new Error(`no seeded file in ${key} to copy`);
    for (const { name, bytes } of made) {
      const item: ItemRecord = {
        ...template,
        id: itemIdOf(`bench:${key}:${name}`),
        name,
        folder: "",
        parentId: template.drive.rootId,
        webUrl: `${template.drive.webUrl}/${encodeURIComponent(name)}`,
        uniqueId: guid(`bench:${key}:${name}`),
        listItemId: String(1000 + files.length),
        bytes,
        text: name,
      };
      delete item.file;
      world.drives.items.push(item);
      files.push({
        uri: `m365://drives/${encodeURIComponent(item.drive.id)}/items/${encodeURIComponent(item.id)}`,
        name,
        bytes: bytes.byteLength,
        tenantId: TENANTS[item.drive.tenant].id,
        ...(item.drive.owner ? { ownerId: item.drive.owner.id } : {}),
      });
    }
  }
  return files;
}

export interface FaultRates {
  /** Share of Graph requests answered 429, 503 or with a reset connection (a third each). */
  graph: number;
  /** Share of file downloads answered 503 or cut off. */
  download: number;
}

export interface FaultCounts {
  graph429: number;
  graph503: number;
  graphReset: number;
  download503: number;
  downloadReset: number;
}

function faultyResolver(resolver: Resolver, rates: FaultRates, counts: FaultCounts): Resolver {
  return (request) => {
    const roll = random();
    if (roll < rates.graph / 3) {
      counts.graph429++;
      const reply: MockReply = graphError(429, "TooManyRequests", "Too many requests.");
      return { ...reply, headers: { ...reply.headers, "Retry-After": "1" } };
    }
    if (roll < (2 * rates.graph) / 3) {
      counts.graph503++;
      return graphError(503, "serviceNotAvailable", "Service unavailable.");
    }
    if (roll < rates.graph) {
      counts.graphReset++;
      return { reset: true };
    }
    return resolver(request);
  };
}

function faultyDownloads(handler: Handler, rates: FaultRates, counts: FaultCounts): Handler {
  return (request) => {
    const roll = random();
    if (roll < rates.download / 2) {
      counts.download503++;
      return new Response("Service unavailable", { status: 503, headers: { "content-type": "text/plain" } });
    }
    if (roll < rates.download) {
      counts.downloadReset++;
      return Response.error();
    }
    return handler(request);
  };
}

export interface BenchWorld {
  files: BenchFile[];
  faults: FaultCounts;
}

/** Seeds `graph` and `files` as the sandbox does, with the bench's files and faults. */
export async function seedBenchWorld(graph: SimulatedGraph, host: SimulatorHost, rates: FaultRates): Promise<BenchWorld> {
  const world = new World(new Date());
  const faults: FaultCounts = { graph429: 0, graph503: 0, graphReset: 0, download503: 0, downloadReset: 0 };
  const register = (operationId: string, resolver: Resolver): void => {
    graph.on(operationId, faultyResolver(resolver, rates, faults));
  };
  registerPeople(register, world.chats);
  registerMail(register, world.mail);
  registerCalendar(register, world.calendars);
  registerSearch(register, world.drives, world.chats);
  registerTeams(register, world.chats);
  host.handler = faultyDownloads(registerFiles(register, world.drives, host.origin), rates, faults);
  return { files: await addFiles(world), faults };
}
