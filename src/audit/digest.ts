// How values that may hold content or bearer-like secrets appear in audit events: as digests that still let an
// admin match two events on the same text or link without the log holding it.
import { createHash } from "node:crypto";
import type { LinkDigest, TextDigest } from "./events.js";

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

export function textDigest(text: string): TextDigest {
  return { length: Array.from(text).length, sha256: sha256(text) };
}

/** The value as an http(s) URL, when the whole of it is one. */
export function webLink(value: string): URL | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** A pasted link: sharing links carry bearer-like keys in their path or query, so only the host stays readable. */
export function linkDigest(link: URL, original: string): LinkDigest {
  return { host: link.host, sha256: sha256(original) };
}

const M365_URI = /^m365:\/\/[^\s]*$/;

/**
 * A resource uri for the `resources` list: m365:// uris as they are (ids, not content); a pasted link as
 * `https://{host}#sha256={hex}`; anything else as `sha256:{hex}`.
 */
export function resourceLabel(uri: string): string {
  if (M365_URI.test(uri)) return uri;
  const link = webLink(uri);
  if (link) return `${link.protocol}//${link.host}#sha256=${sha256(uri)}`;
  return `sha256:${sha256(uri)}`;
}

export const isM365Uri = (value: string): boolean => M365_URI.test(value);
