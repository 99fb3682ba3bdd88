// The m365:// URIs read_resource accepts. Each names one Graph item by percent-encoded ids; the ids go to
// the generated Graph functions as path parameters, which encode them again, so a URI cannot leave its template.
import { ToolInputError } from "../types.js";

export type ResourceRef =
  | { kind: "mail"; messageId: string; mailbox?: string }
  | { kind: "event"; eventId: string }
  | { kind: "chatMessage"; chatId: string; messageId: string }
  | { kind: "channelMessage"; teamId: string; channelId: string; messageId: string }
  | { kind: "file"; driveId: string; itemId: string }
  | { kind: "listItem"; siteId: string; listId: string; itemId: string };

export type ResourceKind = ResourceRef["kind"];

interface UriForm {
  template: string;
  reads: string;
  /** Builds the reference from the decoded ids, in template order. */
  build: (id: (index: number) => string) => ResourceRef;
}

const PREFIX = "m365://";

export const URI_FORMS: readonly UriForm[] = [
  {
    template: "m365://mail/{messageId}",
    reads: "A message in your mailbox: headers, attachment names, the body as text, and other messages of the conversation.",
    build: (id) => ({ kind: "mail", messageId: id(0) }),
  },
  {
    template: "m365://mailboxes/{address}/mail/{messageId}",
    reads: "The same for a message in a shared or delegated mailbox (needs Mail.Read.Shared).",
    build: (id) => ({ kind: "mail", mailbox: id(0), messageId: id(1) }),
  },
  {
    template: "m365://events/{eventId}",
    reads: "A calendar event: when, where, organizer, attendees, join URL, and the description as text.",
    build: (id) => ({ kind: "event", eventId: id(0) }),
  },
  {
    template: "m365://chats/{chatId}/messages/{messageId}",
    reads: "A Teams chat message: sender, time, chat topic, attachment names, and the text.",
    build: (id) => ({ kind: "chatMessage", chatId: id(0), messageId: id(1) }),
  },
  {
    template: "m365://teams/{teamId}/channels/{channelId}/messages/{messageId}",
    reads: "A Teams channel message with up to 50 of its replies.",
    build: (id) => ({ kind: "channelMessage", teamId: id(0), channelId: id(1), messageId: id(2) }),
  },
  {
    template: "m365://drives/{driveId}/items/{itemId}",
    reads: "A OneDrive or SharePoint file or folder: metadata only for now (name, path, site, size, type, who changed it when, web link).",
    build: (id) => ({ kind: "file", driveId: id(0), itemId: id(1) }),
  },
  {
    template: "m365://sites/{siteId}/lists/{listId}/items/{itemId}",
    reads: "A SharePoint list item or site page: metadata only for now (title, content type, who changed it when, web link).",
    build: (id) => ({ kind: "listItem", siteId: id(0), listId: id(1), itemId: id(2) }),
  },
];

const FORMS_TEXT = URI_FORMS.map((f) => f.template).join(", ");

/** One decoded id; a '/' or a dot segment could otherwise walk out of the Graph path it is placed in. */
function decodeId(raw: string, name: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    throw new ToolInputError(`The ${name} in the uri is not valid percent-encoding.`);
  }
  if (id.trim() === "") throw new ToolInputError(`The ${name} in the uri is empty.`);
  if (/[/\\]/.test(id)) throw new ToolInputError(`The ${name} in the uri must not contain '/' or '\\' once decoded; Graph ids never do.`);
  if (/^\.+$/.test(id)) throw new ToolInputError(`The ${name} in the uri must not be '.' or '..'.`);
  if (/\p{Cc}/u.test(id)) throw new ToolInputError(`The ${name} in the uri must not contain control characters.`);
  return id;
}

function matchForm(form: UriForm, segments: readonly string[]): ResourceRef | undefined {
  const parts = form.template.slice(PREFIX.length).split("/");
  if (parts.length !== segments.length) return undefined;
  const isId = (part: string): boolean => part.startsWith("{");
  if (parts.some((part, index) => !isId(part) && part !== segments[index])) return undefined;
  const ids = parts.flatMap((part, index) => (isId(part) ? [decodeId(segments[index] ?? "", part.slice(1, -1))] : []));
  return form.build((index) => ids[index] ?? "");
}

export function parseResourceUri(uri: string): ResourceRef {
  const segments = uri.startsWith(PREFIX) ? uri.slice(PREFIX.length).split("/") : [];
  for (const form of URI_FORMS) {
    const ref = matchForm(form, segments);
    if (ref) return ref;
  }
  throw new ToolInputError(`Unsupported uri. read_resource accepts ${FORMS_TEXT}, with each id percent-encoded; the search tools return such uris.`);
}
