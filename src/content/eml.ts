// .eml (RFC 822 / MIME) messages through postal-mime: headers, then the plain-text body (or the HTML one as markdown).
import PostalMime, { type Address } from "postal-mime";
import type { ReadContext } from "./context.js";
import { ExtractionError } from "./errors.js";
import { htmlToMarkdown } from "./html.js";

function addresses(list: Address | Address[] | undefined): string | undefined {
  const all = list === undefined ? [] : Array.isArray(list) ? list : [list];
  const shown = all.flatMap((a) => a.group ?? [a]).map((a) => (a.name && a.address ? `${a.name} <${a.address}>` : a.address || a.name));
  return shown.length > 0 ? shown.join(", ") : undefined;
}

export async function readEml(bytes: Uint8Array, ctx: ReadContext): Promise<void> {
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: "arraybuffer" });
  } catch {
    throw new ExtractionError(`'${ctx.label}' is not a readable email message (.eml), so its text cannot be shown. Open it in Outlook instead.`, { code: "damaged" });
  }
  const fields: [string, string | undefined][] = [
    ["From", addresses(email.from)],
    ["To", addresses(email.to)],
    ["Cc", addresses(email.cc)],
    ["Date", email.date],
    ["Subject", email.subject],
  ];
  const header = fields.flatMap(([label, value]) => (value ? [`- **${label}**: ${value}`] : []));
  const attachments = email.attachments.filter((a) => a.disposition !== "inline" || !a.related).map((a) => a.filename ?? a.mimeType);
  if (attachments.length > 0) header.push(`- **Attachments**: ${attachments.join(", ")}`);
  ctx.out.push(`# ${email.subject ?? "(no subject)"}`);
  ctx.out.push(header.join("\n"));
  const body = email.text?.trim() ? email.text.replace(/\r\n?/g, "\n") : email.html ? htmlToMarkdown(email.html) : "";
  ctx.out.push(body || "(The message has no text.)");
}
