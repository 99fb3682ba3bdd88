// Deterministic ids in the shapes Graph uses, derived from a readable seed so the same data always has the same ids.
import { createHash } from "node:crypto";

const digest = (seed: string): Buffer => createHash("sha256").update(seed).digest();

/** A GUID (version 4 layout) from a seed. */
export function guid(seed: string): string {
  const hex = digest(seed).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[parseInt(hex[16] ?? "0", 16) % 4] ?? "8"}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An Exchange item id (messages, events, attachments, conversations): base64url with the AAMk prefix. */
export function outlookId(seed: string, prefix = "AAMkAGI2"): string {
  return `${prefix}${digest(seed).toString("base64url")}AAA=`;
}

/** A drive id: b! followed by base64url. */
export function driveIdOf(seed: string): string {
  return `b!${Buffer.concat([digest(seed), digest(`${seed}#2`)]).subarray(0, 48).toString("base64url")}`;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** A drive item id: 01 followed by 32 base32 characters, like SharePoint's. */
export function itemIdOf(seed: string): string {
  const bytes = digest(seed);
  let out = "01";
  for (let i = 0; i < 32; i++) out += BASE32[(bytes[i] ?? 0) % 32] ?? "A";
  return out;
}

/** A Teams thread id for a group chat or a channel. */
export function threadId(seed: string, kind: "thread.v2" | "thread.tacv2"): string {
  return `19:${digest(seed).toString("hex").slice(0, 32)}@${kind}`;
}
