// read_resource: reads one item a search returned, by its m365:// uri, as clean text paged by characters.
// Every page fetches the item again (no content cache, by design); the cursor holds the offset and the uri.
import type { ReadResourceInput, ReadResourceOutput } from "../../generated/tool-types.js";
import { InvalidInput, PermissionMissing } from "../failure.js";
import { escapeMarkdown, verbatim } from "./markdown.js";
import { readEvent } from "./resources/calendar.js";
import { documentMetadata, documentText, type ResourceDocument } from "./resources/document.js";
import { readDriveItem } from "./resources/files.js";
import { readSharedItem } from "./resources/shares.js";
import { readMail } from "./resources/mail.js";
import { renderPage } from "./resources/page.js";
import { readListItemOrPage } from "./resources/pages.js";
import { readChannelMessage, readChatMessage } from "./resources/teams.js";
import { parseResourceUri, type ResourceRef } from "./resources/uri.js";
import { type ToolContext, type ToolHandler } from "./types.js";

/** The Graph operation each kind's main read uses; a cursor names it. */
function mainOperation(ref: ResourceRef): string {
  switch (ref.kind) {
    case "mail":
      return ref.address === undefined ? "getMessage" : "getUserMessage";
    case "event":
      return "getEvent";
    case "chatMessage":
      return "getChatMessage";
    case "channelMessage":
      return "getChannelMessage";
    case "file":
      return "getDriveItem";
    case "listItem":
      return "getListItem";
    case "share":
      return "getSharedDriveItem";
  }
}

const MAIN_OPERATIONS = ["getMessage", "getUserMessage", "getEvent", "getChatMessage", "getChannelMessage", "getDriveItem", "getListItem", "getSharedDriveItem"];

interface Permission {
  /** Any one of these delegated permissions is enough. */
  anyOf: string[];
  /** How the error names what is missing. */
  needs: string;
  what: string;
}

function permissionFor(ref: ResourceRef): Permission {
  switch (ref.kind) {
    case "mail":
      return ref.address === undefined
        ? { anyOf: ["Mail.Read", "Mail.ReadBasic", "Mail.Read.Shared"], needs: "Mail.Read (or Mail.ReadBasic for headers only)", what: "mail" }
        : { anyOf: ["Mail.Read.Shared"], needs: "Mail.Read.Shared", what: "mail in a shared mailbox" };
    case "event":
      return { anyOf: ["Calendars.Read"], needs: "Calendars.Read", what: "calendar events" };
    case "chatMessage":
      return { anyOf: ["Chat.Read"], needs: "Chat.Read", what: "Teams chat messages" };
    case "channelMessage":
      return { anyOf: ["ChannelMessage.Read.All"], needs: "ChannelMessage.Read.All", what: "Teams channel messages" };
    case "file":
    case "share":
      return { anyOf: ["Files.Read", "Files.Read.All", "Sites.Read.All"], needs: "Files.Read.All (or Files.Read for your own OneDrive, or Sites.Read.All)", what: "files" };
    case "listItem":
      return { anyOf: ["Sites.Read.All"], needs: "Sites.Read.All", what: "SharePoint list items and pages" };
  }
}

function checkPermission(ref: ResourceRef, ctx: ToolContext): void {
  const permission = permissionFor(ref);
  if (permission.anyOf.some((scope) => ctx.grantedScopes.has(scope))) return;
  throw new PermissionMissing(
    `Reading ${permission.what} needs the ${permission.needs} permission, which has not been granted to this app for you; ask an administrator to grant it.`,
    permission.needs,
  );
}

type OutputKind = ReadResourceOutput["kind"];

interface ReadItem {
  /** What the item turned out to be; a link names its kind only once Graph resolved it. */
  kind: OutputKind;
  doc: ResourceDocument;
  /** How the markdown names the item, e.g. "SharePoint page". */
  label: string;
}

const KIND_LABELS: Record<OutputKind, string> = {
  mail: "Email",
  event: "Calendar event",
  chatMessage: "Teams chat message",
  channelMessage: "Teams channel message",
  file: "File",
  listItem: "SharePoint item",
};

const item = (kind: OutputKind, doc: ResourceDocument, page = false): ReadItem => ({ kind, doc, label: page ? "SharePoint page" : KIND_LABELS[kind] });

async function read(ref: ResourceRef, ctx: ToolContext): Promise<ReadItem> {
  switch (ref.kind) {
    case "mail":
      return item("mail", await readMail(ref, ctx));
    case "event":
      return item("event", await readEvent(ref.eventId, ctx));
    case "chatMessage":
      return item("chatMessage", await readChatMessage(ref.chatId, ref.messageId, ctx));
    case "channelMessage":
      return item("channelMessage", await readChannelMessage(ref.teamId, ref.channelId, ref.messageId, ctx));
    case "file":
      return item("file", await readDriveItem(ref.driveId, ref.itemId, ctx));
    case "listItem": {
      const { doc, page } = await readListItemOrPage(ref.siteId, ref.listId, ref.itemId, ctx);
      return item("listItem", doc, page);
    }
    case "share": {
      const { kind, doc, page } = await readSharedItem(ref.url, ctx);
      return item(kind, doc, page);
    }
  }
}

/** The offset a cursor continues from; it must have been issued for this very uri. */
async function startOffset(cursor: string | undefined, uri: string, ctx: ToolContext): Promise<number> {
  if (cursor === undefined) return 0;
  const state = await ctx.cursors.open(cursor, MAIN_OPERATIONS);
  if (state.phase !== uri) {
    throw new InvalidInput("This cursor belongs to another uri: pass it with the uri it came from, or read this uri without a cursor.");
  }
  if (state.from === undefined) throw new InvalidInput("The cursor holds no position; read the uri again without a cursor.");
  return state.from;
}

/** The end of a page of at most maxChars from start, never splitting a surrogate pair. */
function pageEnd(text: string, start: number, maxChars: number): number {
  const end = Math.min(text.length, start + maxChars);
  const splitsPair = end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1));
  return splitsPair ? end - 1 : end;
}

const readResource: ToolHandler<ReadResourceInput, ReadResourceOutput> = async (input, ctx) => {
  const ref = parseResourceUri(input.uri, ctx.files.extraSharePointHosts);
  checkPermission(ref, ctx);
  const start = await startOffset(input.cursor, input.uri, ctx);
  const { kind, doc, label } = await read(ref, ctx);
  const text = documentText(doc);
  if (start > text.length || (start === text.length && start > 0)) {
    throw new InvalidInput(`The cursor points past the end of the text, which now has ${text.length} characters; the item changed since. Read the uri again without a cursor.`);
  }
  const end = pageEnd(text, start, input.maxChars);
  const nextCursor = end < text.length ? await ctx.cursors.seal({ operation: mainOperation(ref), from: end, phase: input.uri }) : undefined;
  const range = { start: text.length ? start + 1 : 0, end, total: text.length };
  const where = `Characters ${range.start}–${range.end} of ${range.total}`;
  const position = nextCursor ? `${where}; pass cursor \`${nextCursor}\` with the same uri for more.` : `${where} (the end).`;
  const structured: ReadResourceOutput = {
    uri: input.uri,
    kind,
    title: doc.title,
    metadata: documentMetadata(doc),
    text: text.slice(start, end),
    range,
    ...(nextCursor ? { nextCursor } : {}),
  };
  const markdown = renderPage(doc, start, end, [`## ${escapeMarkdown(doc.title)}`, `${label} · ${verbatim(input.uri)}`], position);
  return { structured, markdown };
};

export default readResource;
