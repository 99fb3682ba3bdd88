// Links people paste into a chat, turned into the items read_resource reads. Only the link's host and ids are
// used: the server never fetches a pasted URL, it asks Graph for the item the link names.
import { UnsupportedUri } from "../../failure.js";
import type { ResourceRef } from "./uri.js";

/** SharePoint Online host suffixes: commercial and GCC, GCC High, DoD, and China (21Vianet). */
const SHAREPOINT_SUFFIXES = ["sharepoint.com", "sharepoint.us", "sharepoint-mil.us", "sharepoint.cn"];
/** Teams web hosts: commercial, the cloud.microsoft domain, GCC High, DoD, and China. */
const TEAMS_HOSTS = ["teams.microsoft.com", "teams.cloud.microsoft", "gov.teams.microsoft.us", "dod.teams.microsoft.us", "teams.microsoftonline.cn"];
/** Outlook on the web hosts, the same clouds. */
const OUTLOOK_HOSTS = ["outlook.office.com", "outlook.office365.com", "outlook.cloud.microsoft", "outlook.office365.us", "outlook-dod.office365.us", "partner.outlook.cn"];

/** One DNS label, e.g. the tenant name in contoso.sharepoint.com or contoso-my.sharepoint.com. */
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const SHAREPOINT_HOST = new RegExp(`^${LABEL}\\.(?:${SHAREPOINT_SUFFIXES.map((s) => s.replace(/[.-]/g, "\\$&")).join("|")})$`);

export const ACCEPTED_LINKS =
  "https links to SharePoint or OneDrive files, folders and pages (including sharing links) on *.sharepoint.com, *.sharepoint.us, *.sharepoint-mil.us or *.sharepoint.cn, " +
  "Teams message links (teams.microsoft.com/l/message/…), and Outlook on the web mail and calendar links (outlook.office.com, outlook.office365.com, outlook.cloud.microsoft)";

function refuse(reason: string, extraHosts: readonly string[]): never {
  const extra = extraHosts.length ? `, or links on ${extraHosts.join(", ")}` : "";
  throw new UnsupportedUri(`${reason} read_resource reads m365:// uris from the search tools, or ${ACCEPTED_LINKS}${extra}.`);
}

/** A URL only when it is exactly what it looks like: https, no credentials, no port, no IP address, no whitespace. */
function strictUrl(raw: string, extraHosts: readonly string[]): URL {
  if (/[\s\\\p{Cc}]/u.test(raw)) refuse("The link contains whitespace, a backslash or a control character.", extraHosts);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse("The uri is neither an m365:// uri nor a valid link.", extraHosts);
  }
  if (url.protocol !== "https:") refuse(`Only https links are read, not ${url.protocol.replace(/:$/, "")}.`, extraHosts);
  if (url.username || url.password || /^https:\/\/[^/?#]*@/i.test(raw)) refuse("Links with a user name or password in them are not read.", extraHosts);
  if (url.port) refuse("Links with an explicit port are not read.", extraHosts);
  // The URL parser writes every IPv4 form (hex, octal, one number) as dotted decimal, and IPv6 in brackets.
  if (url.hostname.startsWith("[") || /^[\d.]+$/.test(url.hostname)) refuse("Links to an IP address are not read.", extraHosts);
  return url;
}

function decodeSegment(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new UnsupportedUri(`The ${what} in the link is not valid percent-encoding.`);
  }
}

/**
 * A Teams message link: /l/message/{chatOrChannelId}/{messageId}. Channel links carry the team as groupId, and for
 * a reply the thread's first message as parentMessageId: the thread is read, with its replies.
 */
function teamsRef(url: URL): ResourceRef {
  const match = /^\/l\/message\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) throw new UnsupportedUri("Only Teams message links (https://teams.microsoft.com/l/message/…, from a message's \"Copy link\") can be read; chat, channel and meeting links name no single message.");
  const conversationId = decodeSegment(match[1] ?? "", "chat or channel id");
  const messageId = decodeSegment(match[2] ?? "", "message id");
  if (!/^\d{1,20}$/.test(messageId)) throw new UnsupportedUri("The message id in the Teams link must be a number.");
  if (!/^19:[\w.=-]+@(?:thread\.v2|thread\.tacv2|thread\.skype|unq\.gbl\.spaces)$/.test(conversationId)) {
    throw new UnsupportedUri("The Teams link does not name a chat or channel (an id like 19:…@thread.v2, @thread.tacv2 or @unq.gbl.spaces).");
  }
  const teamId = url.searchParams.get("groupId");
  if (teamId === null) {
    if (/@thread\.(?:tacv2|skype)$/.test(conversationId)) throw new UnsupportedUri("This Teams channel link has no groupId (the team's id); copy the link again with the message's \"Copy link\".");
    return { kind: "chatMessage", chatId: conversationId, messageId };
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(teamId)) throw new UnsupportedUri("The groupId in the Teams link is not a team id (a GUID).");
  const parent = url.searchParams.get("parentMessageId");
  const threadId = parent !== null && /^\d{1,20}$/.test(parent) && parent !== "0" ? parent : messageId;
  return { kind: "channelMessage", teamId, channelId: conversationId, messageId: threadId };
}

/**
 * An Outlook item id from a web link. OWA puts Exchange (EWS) ids in its links; Graph's REST ids are the same
 * base64 with '/' written '-' and '+' written '_' (the mapping Office.js convertToRestId applies), so an EWS id
 * is translated locally, without a Graph call.
 */
function restId(raw: string): string {
  const id = decodeSegment(raw, "item id").replace(/\//g, "-").replace(/\+/g, "_");
  if (!/^[A-Za-z0-9_=-]{8,}$/.test(id)) throw new UnsupportedUri("The Outlook link's item id is not an Outlook item id.");
  return id;
}

/** A query value still percent-encoded: URLSearchParams would turn an unencoded '+' of a base64 id into a space. */
function rawQueryValue(url: URL, name: string): string {
  const pair = url.search.slice(1).split("&").find((p) => p.slice(0, p.indexOf("=") + 1) === `${name}=`);
  return pair?.slice(name.length + 1) ?? "";
}

const ADDRESS = /^[^@\s/]+@[^@\s/]+\.[^@\s/]+$/;

/** Outlook on the web: /mail/…/id/{id}, /calendar/item/{id}, or the classic /owa/[{mailbox}/]?ItemID={id}. */
function outlookRef(url: URL): ResourceRef {
  const mail = /^\/mail\/(?:[^/]+\/)*?(?:id|deeplink\/read)\/([^/]+)\/?$/.exec(url.pathname);
  if (mail) return { kind: "mail", messageId: restId(mail[1] ?? "") };
  const event = /^\/calendar\/(?:[^/]+\/)*?(?:item|deeplink\/read)\/([^/]+)\/?$/.exec(url.pathname);
  if (event) return { kind: "event", eventId: restId(event[1] ?? "") };
  const owa = /^\/owa\/(?:([^/]+)\/)?$/.exec(url.pathname);
  const itemParam = [...url.searchParams.keys()].find((k) => k.toLowerCase() === "itemid");
  if (owa && itemParam) {
    const id = restId(rawQueryValue(url, itemParam));
    const address = owa[1] === undefined ? undefined : decodeSegment(owa[1], "mailbox");
    if (address !== undefined && !ADDRESS.test(address)) throw new UnsupportedUri("The Outlook link names a mailbox that is not an email address.");
    const isEvent = /calendar/i.test(`${url.searchParams.get("path") ?? ""} ${url.searchParams.get("viewmodel") ?? ""}`);
    if (!isEvent) return { kind: "mail", messageId: id, ...(address === undefined ? {} : { address }) };
    if (address !== undefined) throw new UnsupportedUri("Calendar links into another person's or a shared mailbox cannot be read; only your own calendar's events can.");
    return { kind: "event", eventId: id };
  }
  throw new UnsupportedUri("This Outlook link names no single email or event: open the item itself in Outlook on the web and copy that link (…/mail/inbox/id/… or …/calendar/item/…).");
}

/** A pasted https link, as the item it names; anything not from an accepted host is refused before any Graph call. */
export function parseLink(raw: string, extraSharePointHosts: readonly string[]): ResourceRef {
  const url = strictUrl(raw, extraSharePointHosts);
  const host = url.hostname;
  if (SHAREPOINT_HOST.test(host) || extraSharePointHosts.some((h) => h.toLowerCase() === host)) {
    return { kind: "share", url: url.href };
  }
  if (TEAMS_HOSTS.includes(host)) return teamsRef(url);
  if (OUTLOOK_HOSTS.includes(host)) return outlookRef(url);
  refuse(`Links to ${host} are not read.`, extraSharePointHosts);
}

/** Graph's share id for a link: "u!" and the unpadded base64url encoding of the URL (the "Access shared items" rule). */
export function shareIdOf(url: string): string {
  return `u!${Buffer.from(url, "utf8").toString("base64url")}`;
}
