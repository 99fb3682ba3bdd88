// read_resource uris: the m365:// forms the server lists, filled with real and hostile ids, and links as people paste
// them (SharePoint, OneDrive, Outlook on the web, Teams), real or made up, then mutated the way copying breaks them.
import fc from "fast-check";
import type { Corpus } from "./corpus.js";
import { EDGE_CHARS, edgeString, percentEncoded } from "./hostile.js";

const HOSTILE_IDS: readonly string[] = ["", " ", ".", "..", "%2e%2e", "%2F", "a%2Fb", "a/b", "a\\b", "%", "%zz", "%00", "%E0%A4%A", "%C0%AF", "%EF%BB%BF", "x?y#z", "%3F$select=body", "%20", "\u0000", "\uD800", "\u202Eevil", "AAMk" + "A".repeat(3000)];

const SHAREPOINT_HOSTS = ["contoso.sharepoint.com", "contoso-my.sharepoint.com", "fabrikam.sharepoint.com", "CONTOSO.SHAREPOINT.COM", "contoso.sharepoint.us", "contoso.sharepoint-mil.us", "contoso.sharepoint.cn", "sharepoint.com", "contoso.sharepoint.com.evil.com", "evil.com", "xn--cntoso-9ya.sharepoint.com", "contoso.sharepoint.com.", "-contoso.sharepoint.com", "a".repeat(64) + ".sharepoint.com"];
const AUTHORITIES = ["contoso.sharepoint.com:8443", "user:pw@contoso.sharepoint.com", "contoso.sharepoint.com@evil.com", "127.0.0.1", "0x7f000001", "2130706433", "[::1]", "[::ffff:127.0.0.1]", "localhost", "169.254.169.254"];
const PATHS = ["/sites/Marketing/Shared%20Documents/Budget", "/:w:/s/Finance/EbQ2xAbC?e=AbC123", "/:x:/g/personal/adele/EAbc", "/:f:/r/sites/HR", "/_layouts/15/Doc.aspx?sourcedoc={0C6A3C6B-0000-0000-0000-000000000000}", "/", "", "/sites/../../etc/passwd", "/sites/%2e%2e/x", "/personal/adele_vance_contoso_com/Documents/Notes"];
const OUTLOOK = ["https://outlook.office.com/mail/inbox/id/AAMkAGI2THVSAAA%3D", "https://outlook.office365.com/mail/deeplink/read/AAMkAGI2THVSAAA%3D", "https://outlook.office.com/calendar/item/AAMkAGI2THVSAAA%3D", "https://outlook.cloud.microsoft/mail/id/AAMk%2FAGI2%2BTHVS", "https://outlook.office365.com/owa/finance@contoso.com/?ItemID=AAMkAGI2THVSAAA%3D&viewmodel=ReadMessageItem", "https://outlook.office365.com/owa/not-an-address/?ItemID=AAMkAGI2THVSAAA%3D", "https://outlook.office365.com/owa/?path=/calendar/item&itemid=AAMk+AGI2/THVS", "https://outlook.office.com/mail/", "https://outlook.office.com/mail/inbox/id/short"];
const TEAMS = ["https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/1700000000000?groupId=0c6a3c6b-1f2e-4d5c-8b7a-000000000000&parentMessageId=1699999999999", "https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/1700000000000", "https://teams.microsoft.com/l/message/19%3Aabc%40thread.v2/notanumber", "https://teams.microsoft.com/l/message/19%3Aabc%40thread.v2/1?groupId=not-a-guid", "https://teams.microsoft.com/l/channel/19%3Aabc%40thread.tacv2/General", "https://teams.cloud.microsoft/l/message/19%3Aabc%40unq.gbl.spaces/1700000000000", "https://teams.microsoft.com/l/message/19%3A%E0%A4%A%40thread.v2/1"];
const SCHEMES = ["https://", "http://", "HTTPS://", "m365://", "M365://", "m365:/", "m365:", "javascript:", "file:///", "data:text/plain,", "ftp://", "//", ""];

/** The chat and channel messages of the corpus as Teams "Copy link" links. */
function teamsLinks(uris: readonly string[]): string[] {
  return uris.flatMap((uri) => {
    const chat = /^m365:\/\/chats\/([^/]+)\/messages\/([^/]+)$/.exec(uri);
    return chat ? [`https://teams.microsoft.com/l/message/${chat[1] ?? ""}/${chat[2] ?? ""}`] : [];
  });
}

/** A listed m365:// template with each placeholder filled by a real id, a hostile one, or random text. */
function filledTemplate(corpus: Corpus): fc.Arbitrary<string> {
  const id = fc.oneof(
    { arbitrary: fc.constantFrom(...corpus.ids).map((id) => percentEncoded(id)), weight: 3 },
    { arbitrary: fc.constantFrom(...HOSTILE_IDS), weight: 2 },
    { arbitrary: edgeString.map((id) => percentEncoded(id)), weight: 1 },
    { arbitrary: edgeString, weight: 1 },
  );
  return fc.tuple(fc.constantFrom(...corpus.templates), fc.array(id, { minLength: 4, maxLength: 4 })).map(([template, ids]) => {
    let i = 0;
    return template.replace(/\{\w+\}/g, () => ids[i++ % ids.length] ?? "");
  });
}

/** Links built from hosts, authorities and paths that are, or only look, acceptable. */
const madeUpLink: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...SCHEMES.slice(0, 3)), fc.constantFrom(...SHAREPOINT_HOSTS, ...AUTHORITIES), fc.constantFrom(...PATHS)).map(([scheme, host, path]) => `${scheme}${host}${path}`),
  fc.constantFrom(...OUTLOOK, ...TEAMS),
);

/** One way copying, typing or an attacker changes a uri. */
function mutatedUri(uri: string): fc.Arbitrary<string> {
  const at = fc.nat({ max: uri.length });
  return fc.oneof(
    fc.tuple(at, fc.constantFrom(...EDGE_CHARS)).map(([i, c]) => `${uri.slice(0, i)}${c}${uri.slice(i)}`),
    at.map((i) => `${uri.slice(0, i)}${uri.slice(i + 1)}`),
    at.map((i) => uri.slice(0, i)),
    fc.constantFrom(...SCHEMES).map((scheme) => uri.replace(/^[a-zA-Z0-9]*:\/*/, scheme)),
    fc.constantFrom("/..", "/", "//", "/%2e%2e/%2e%2e", "?$select=body", "#frag", "&e=AbC123", "%", "%2F..%2Fusers", ` ${uri}`, "\n").map((tail) => (tail.startsWith(" ") ? tail : `${uri}${tail}`)),
    fc.constant(uri.toUpperCase()),
    fc.constant(uri.replace(/\//g, "//")),
    fc.constant(uri.replace(/%([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))),
    fc.constant(percentEncoded(uri, /[A-Za-z0-9_.!~*'()\-;/?:@&=+$,#]/)),
    fc.constant(`${uri} ${uri}`),
  );
}

/** Any uri read_resource (or resources/read) could be handed. */
export function uriArbitrary(corpus: Corpus): fc.Arbitrary<string> {
  const real = fc.constantFrom(...corpus.uris, ...corpus.links, ...teamsLinks(corpus.uris));
  const base = fc.oneof({ arbitrary: real, weight: 4 }, { arbitrary: filledTemplate(corpus), weight: 3 }, { arbitrary: madeUpLink, weight: 2 }, { arbitrary: edgeString, weight: 1 });
  return fc.oneof({ arbitrary: base, weight: 1 }, { arbitrary: base.chain(mutatedUri), weight: 1 });
}
