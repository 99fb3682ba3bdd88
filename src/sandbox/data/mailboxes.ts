// The seeded mail as Graph messages and attachments, per mailbox, newest first.
import { Clock, isoInstant } from "./clock.js";
import { PEOPLE, type Person } from "./directory.js";
import { outlookId } from "./ids.js";
import { textOfHtml } from "./kql.js";
import { SEED_MAIL, type Address, type SeedAttachment, type SeedMail } from "./mail.js";

export type Json = Record<string, unknown>;

export interface StoredMessage {
  seed: SeedMail;
  id: string;
  received: Date;
  /** The full Graph message; replies pick the selected properties from it. */
  json: Json;
  /** Subject, body, people and attachment names, for $search. */
  text: string;
  attachments: Json[];
}

const recipient = (a: Address): Json => ({ emailAddress: { name: a.name, address: a.address } });

function attachmentJson(seed: SeedMail, attachment: SeedAttachment, index: number, at: string): Json {
  const id = outlookId(`attachment:${seed.key}:${index}`, "AAMkAGI2att");
  if (attachment.kind === "file") {
    const bytes = Buffer.from(attachment.text, "utf8");
    return {
      "@odata.type": "#microsoft.graph.fileAttachment",
      id,
      lastModifiedDateTime: at,
      name: attachment.name,
      contentType: attachment.contentType,
      size: bytes.length + 180,
      isInline: false,
      contentId: null,
      contentLocation: null,
      contentBytes: bytes.toString("base64"),
    };
  }
  return { "@odata.type": "#microsoft.graph.itemAttachment", id, lastModifiedDateTime: at, name: attachment.name, contentType: null, size: attachment.item === "event" ? 4212 : 6388, isInline: false };
}

function messageJson(seed: SeedMail, received: Date): StoredMessage {
  const id = outlookId(`message:${seed.mailbox.id}:${seed.key}`);
  const at = isoInstant(received);
  const sent = isoInstant(new Date(received.getTime() - 2000));
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>${seed.paragraphs.map((p) => (p.startsWith("<") ? p : `<p>${p}</p>`)).join("")}</body></html>`;
  const bodyText = textOfHtml(html);
  const attachments = (seed.attachments ?? []).map((a, i) => attachmentJson(seed, a, i, at));
  const json: Json = {
    "@odata.etag": `W/"CQAAABYAAAD${outlookId(`etag:${seed.key}`, "").slice(0, 12)}"`,
    id,
    createdDateTime: at,
    lastModifiedDateTime: at,
    changeKey: `CQAAABYAAAD${outlookId(`etag:${seed.key}`, "").slice(0, 12)}`,
    categories: [],
    receivedDateTime: at,
    sentDateTime: sent,
    hasAttachments: attachments.length > 0,
    internetMessageId: `<${seed.key}.${seed.thread}@${seed.from.address.split("@")[1] ?? "contoso.com"}>`,
    subject: seed.subject,
    bodyPreview: bodyText.replace(/\s+/g, " ").slice(0, 255),
    importance: seed.importance ?? "normal",
    parentFolderId: outlookId(`folder:${seed.mailbox.id}:${seed.folder}`, "AAMkAGI2AAAu"),
    conversationId: outlookId(`conversation:${seed.thread}`, "AAQkAGI2"),
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: seed.isRead ?? true,
    isDraft: false,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    inferenceClassification: seed.importance === "low" ? "other" : "focused",
    body: { contentType: "html", content: html },
    sender: recipient(seed.from),
    from: recipient(seed.from),
    toRecipients: seed.to.map(recipient),
    ccRecipients: (seed.cc ?? []).map(recipient),
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: seed.flagged ? "flagged" : "notFlagged" },
  };
  const people = [seed.from, ...seed.to, ...(seed.cc ?? [])].map((a) => `${a.name} ${a.address}`);
  const names = (seed.attachments ?? []).map((a) => a.name);
  return { seed, id, received, json, text: [seed.subject, bodyText, ...people, ...names].join("\n"), attachments };
}

export class Mailboxes {
  private readonly boxes = new Map<string, StoredMessage[]>();

  constructor(clock: Clock) {
    for (const seed of SEED_MAIL) {
      const list = this.boxes.get(seed.mailbox.id) ?? [];
      list.push(messageJson(seed, clock.daysAgo(seed.daysAgo, seed.time)));
      this.boxes.set(seed.mailbox.id, list);
    }
    for (const list of this.boxes.values()) list.sort((a, b) => b.received.getTime() - a.received.getTime());
  }

  messagesOf(owner: Person, folder?: string): StoredMessage[] {
    const all = this.boxes.get(owner.id) ?? [];
    return folder === undefined ? all : all.filter((m) => m.seed.folder === folder);
  }

  find(owner: Person, id: string): StoredMessage | undefined {
    return this.messagesOf(owner).find((m) => m.id === id);
  }

  get count(): number {
    return [...this.boxes.values()].reduce((n, list) => n + list.length, 0);
  }

  /** Mailboxes that hold mail: the signed-in users' and the shared one. */
  get owners(): Person[] {
    return PEOPLE.filter((p) => this.boxes.has(p.id));
  }
}
