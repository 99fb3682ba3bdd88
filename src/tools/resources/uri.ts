// The m365:// URIs read_resource accepts. Each names one Graph item by percent-encoded ids; the ids go to
// the generated Graph functions as path parameters, which encode them again, so a URI cannot leave its template.
// Pasted https links are accepted too (links.ts) and become the same references.
import { UnsupportedUri } from "../../failure.js";
import { ACCEPTED_LINKS, parseLink } from "./links.js";

export type ResourceRef =
  | { kind: "mail"; messageId: string; address?: string }
  | { kind: "event"; eventId: string }
  | { kind: "chatMessage"; chatId: string; messageId: string }
  | { kind: "channelMessage"; teamId: string; channelId: string; messageId: string }
  | { kind: "file"; driveId: string; itemId: string }
  | { kind: "listItem"; siteId: string; listId: string; itemId: string }
  /** A SharePoint or OneDrive link (a web URL or a sharing link), resolved through Graph's /shares. */
  | { kind: "share"; url: string };

export type ResourceKind = ResourceRef["kind"];

/** A URI form; its placeholders are named after the ResourceRef fields they fill. */
export interface UriForm {
  kind: ResourceKind;
  template: string;
  /** How MCP resources/templates/list names the form. */
  name: string;
  title: string;
  description: string;
}

const PREFIX = "m365://";

export const URI_FORMS: readonly UriForm[] = [
  {
    kind: "mail",
    template: "m365://mail/{messageId}",
    name: "mail",
    title: "Email",
    description: "An email in the signed-in user's mailbox: headers, attachment names, the body as text and other messages of its conversation.",
  },
  {
    kind: "mail",
    template: "m365://mailboxes/{address}/mail/{messageId}",
    name: "shared-mail",
    title: "Email in a shared mailbox",
    description: "An email in a shared or delegated mailbox the signed-in user can open.",
  },
  {
    kind: "event",
    template: "m365://events/{eventId}",
    name: "event",
    title: "Calendar event",
    description: "An event in the signed-in user's calendar: when, where, organizer, attendees, join URL, then the description.",
  },
  {
    kind: "chatMessage",
    template: "m365://chats/{chatId}/messages/{messageId}",
    name: "chat-message",
    title: "Teams chat message",
    description: "A Teams chat message with its chat's topic.",
  },
  {
    kind: "channelMessage",
    template: "m365://teams/{teamId}/channels/{channelId}/messages/{messageId}",
    name: "channel-message",
    title: "Teams channel message",
    description: "A Teams channel message with up to 50 replies.",
  },
  {
    kind: "file",
    template: "m365://drives/{driveId}/items/{itemId}",
    name: "file",
    title: "File",
    description: "A file or folder in OneDrive or a SharePoint library.",
  },
  {
    kind: "listItem",
    template: "m365://sites/{siteId}/lists/{listId}/items/{itemId}",
    name: "sharepoint-item",
    title: "SharePoint page or list item",
    description: "A SharePoint page or news post as text (its text web parts in reading order), or another list item's metadata.",
  },
];

const FORMS_TEXT = URI_FORMS.map((f) => f.template).join(", ");

/** One decoded id; a '/' or a dot segment could otherwise walk out of the Graph path it is placed in. */
function decodeId(raw: string, name: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    throw new UnsupportedUri(`The ${name} in the uri is not valid percent-encoding.`);
  }
  if (id.trim() === "") throw new UnsupportedUri(`The ${name} in the uri is empty.`);
  if (/[/\\]/.test(id)) throw new UnsupportedUri(`The ${name} in the uri must not contain '/' or '\\' once decoded; Graph ids never do.`);
  if (/^\.+$/.test(id)) throw new UnsupportedUri(`The ${name} in the uri must not be '.' or '..'.`);
  if (/\p{Cc}/u.test(id)) throw new UnsupportedUri(`The ${name} in the uri must not contain control characters.`);
  return id;
}

function matchForm(form: UriForm, segments: readonly string[]): ResourceRef | undefined {
  const parts = form.template.slice(PREFIX.length).split("/");
  if (parts.length !== segments.length) return undefined;
  const isId = (part: string): boolean => part.startsWith("{");
  if (parts.some((part, index) => !isId(part) && part !== segments[index])) return undefined;
  const ids = parts.flatMap((part, index) => (isId(part) ? [[part.slice(1, -1), decodeId(segments[index] ?? "", part.slice(1, -1))]] : []));
  return { kind: form.kind, ...Object.fromEntries(ids) } as ResourceRef;
}

const placeholders = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");

/** The URI of an item, from the same forms read_resource parses, so every tool emits what it accepts. */
export function resourceUri(ref: ResourceRef): string {
  const fields = ref as unknown as Record<string, string | undefined>;
  const names = Object.keys(ref).filter((k) => k !== "kind" && fields[k] !== undefined);
  const form = URI_FORMS.find((f) => f.kind === ref.kind && placeholders(f.template).sort().join() === names.sort().join());
  if (!form) throw new Error(`no URI form for ${JSON.stringify(Object.keys(ref))}`);
  return form.template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(fields[name] ?? ""));
}

/** An m365:// uri, or a pasted link (anything else) from the hosts links.ts accepts. */
export function parseResourceUri(uri: string, extraSharePointHosts: readonly string[] = []): ResourceRef {
  if (!/^m365:/i.test(uri)) return parseLink(uri, extraSharePointHosts);
  const segments = uri.startsWith(PREFIX) ? uri.slice(PREFIX.length).split("/") : [];
  for (const form of URI_FORMS) {
    const ref = matchForm(form, segments);
    if (ref) return ref;
  }
  throw new UnsupportedUri(`Unsupported uri. read_resource accepts ${FORMS_TEXT}, with each id percent-encoded; the search tools return such uris. It also reads ${ACCEPTED_LINKS}.`);
}
