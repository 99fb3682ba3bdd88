// Mail for read_resource: one message with its attachment names and a glance at the rest of its conversation.
import { getMessage, getUserMessage, listMessageAttachments, listMessages, listUserMessageAttachments, listUserMessages } from "../../../generated/graph-client.js";
import { odataString } from "../../graph/query-syntax.js";
import { graphTime, type Message } from "../graph-models.js";
import type { ToolContext } from "../types.js";
import { verbatim } from "../markdown.js";
import { resourceUri } from "./uri.js";
import { bodyText, byteSize, header, isoTime, list, mailbox, oneLine, optional, type ResourceDocument } from "./document.js";

export interface MailRef {
  messageId: string;
  /** The address of a shared or delegated mailbox; absent for the signed-in user's own. */
  address?: string;
}

const HEADER_FIELDS = "id,subject,from,toRecipients,ccRecipients,receivedDateTime,sentDateTime,hasAttachments,conversationId,webLink";
const THREAD_SIZE = 5;

/** Mail.ReadBasic grants headers only: no body and no attachments. */
const canReadBody = (ctx: ToolContext): boolean => ctx.grantedScopes.has("Mail.Read") || ctx.grantedScopes.has("Mail.Read.Shared");

function fetchMessage(ref: MailRef, ctx: ToolContext, withBody: boolean): Promise<Message | undefined> {
  const query = { $select: withBody ? `${HEADER_FIELDS},body` : HEADER_FIELDS };
  return ref.address === undefined
    ? getMessage(ctx.graph, { path: { "message-id": ref.messageId }, query })
    : getUserMessage(ctx.graph, { path: { "user-id": ref.address, "message-id": ref.messageId }, query });
}

async function attachmentNames(ref: MailRef, ctx: ToolContext): Promise<string | undefined> {
  const query = { $select: "name,contentType,size" };
  const page =
    ref.address === undefined
      ? await listMessageAttachments(ctx.graph, { path: { "message-id": ref.messageId }, query })
      : await listUserMessageAttachments(ctx.graph, { path: { "user-id": ref.address, "message-id": ref.messageId }, query });
  return list(
    (page?.value ?? []).map((a) => {
      const details = [a.contentType ?? undefined, byteSize(a.size)].filter(Boolean).join(", ");
      return a.name ? `${a.name}${details ? ` (${details})` : ""}` : undefined;
    }),
  );
}

async function conversation(ref: MailRef, conversationId: string, ctx: ToolContext): Promise<string> {
  const query = { $filter: `conversationId eq ${odataString(conversationId)}`, $select: "id,subject,from,receivedDateTime", $top: THREAD_SIZE + 1 };
  const page = await optional(
    ref.address === undefined ? listMessages(ctx.graph, { query }) : listUserMessages(ctx.graph, { path: { "user-id": ref.address }, query }),
    ctx,
    "a message's conversation was not read",
  );
  const others = (page?.value ?? [])
    .filter((m) => m.id && m.id !== ref.messageId)
    .sort((a, b) => (graphTime(a.receivedDateTime)?.getTime() ?? 0) - (graphTime(b.receivedDateTime)?.getTime() ?? 0))
    .slice(-THREAD_SIZE);
  if (!others.length) return "";
  const lines = others.map((m) => {
    const uri = resourceUri({ kind: "mail", messageId: m.id ?? "", ...(ref.address === undefined ? {} : { address: ref.address }) });
    const parts = [isoTime(m.receivedDateTime), mailbox(m.from?.emailAddress), oneLine(m.subject ?? "(no subject)"), verbatim(uri)];
    return `- ${parts.filter(Boolean).join(" · ")}`;
  });
  const more = page?.["@odata.nextLink"] ? " (the conversation has more)" : "";
  return [`Other messages in this conversation${more}:`, ...lines].join("\n");
}

export async function readMail(ref: MailRef, ctx: ToolContext): Promise<ResourceDocument> {
  const withBody = canReadBody(ctx);
  const message = await fetchMessage(ref, ctx, withBody);
  const [attachments, thread] = await Promise.all([
    withBody && message?.hasAttachments ? attachmentNames(ref, ctx) : Promise.resolve(undefined),
    message?.conversationId ? conversation(ref, message.conversationId, ctx) : Promise.resolve(""),
  ]);
  const recipients = (field: Message["toRecipients"]): string | undefined => list((field ?? []).map((r) => mailbox(r.emailAddress)));
  return {
    title: message?.subject?.trim() || "(no subject)",
    headers: [
      header("from", "From", mailbox(message?.from?.emailAddress)),
      header("to", "To", recipients(message?.toRecipients)),
      header("cc", "Cc", recipients(message?.ccRecipients)),
      header("date", "Date", isoTime(message?.receivedDateTime ?? message?.sentDateTime)),
      header("subject", "Subject", message?.subject),
      header("attachments", "Attachments", attachments ?? (!withBody && message?.hasAttachments ? "yes (their names need the Mail.Read permission)" : undefined)),
      header("mailbox", "Mailbox", ref.address),
      header("webUrl", "Web link", message?.webLink),
    ],
    body: withBody ? await bodyText(message?.body, ctx) : "(The body is not shown: reading it needs the Mail.Read permission; only Mail.ReadBasic was granted.)",
    plainBody: withBody && message?.body?.contentType === "text",
    sections: thread ? [thread] : [],
  };
}
