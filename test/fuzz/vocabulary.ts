// Realistic values by argument name, so valid cases find seeded items and run the tools' whole paths: the words,
// people, sites, folders and zones of the sandbox tenant, and the corpus's real uris and cursors.
import fc from "fast-check";
import { PEOPLE } from "../../src/sandbox/data/directory.js";
import type { Corpus } from "./corpus.js";
import { cursorArbitrary } from "./cursors.js";
import type { Vocabulary } from "./schema-arbitrary.js";
import { uriArbitrary } from "./uris.js";

const QUERIES = ["budget", "FY27 marketing budget review", "\"marketing budget\"", "launch", "Northwind", "onboarding", "logistics", "Q4", "report", "notes", "budget OR launch", "budget AND NOT launch", "subject:budget", "from:patti", "budget*", "(budget)", "budget)", "\"unclosed", "*", "a", "Budget Budget Budget"];
const FOLDER_NAMES = ["Budget", "Campaigns", "Notes", "Drafts", "Onboarding", "Documents", "Shared Documents", "Email Archive", "Logistics"];
const MAIL_FOLDERS = ["Inbox", "inbox", "Sent Items", "sentitems", "Archive", "Deleted Items", "deleteditems", "Drafts", "Finance", "Inbox/Sub"];
const TIME_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "Pacific Standard Time", "W. Europe Standard Time", "Etc/GMT+12", "Etc/GMT-14", "GMT", "Z", "+01:00", "Mars/Olympus_Mons", "America/Argentina/ComodRivadavia"];
const ODD_ADDRESSES = ["finance@contoso.com", "ADELE.VANCE@CONTOSO.COM", "a@b", "\"quoted name\"@contoso.com", "x@[127.0.0.1]", "nobody@nowhere.invalid", "patti", "Patti Fernandez", "Fernandez, Patti", "p*"];
const LIBRARIES = ["Documents", "Shared Documents", "Site Pages", "Onboarding Tasks"];

const days = (now: Date, offset: number): string => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

/** Site URLs and ids that the seeded tenant has, and ones it does not. */
function sites(corpus: Corpus): string[] {
  const urls = corpus.links.flatMap((link) => /^(https:\/\/[^/]+\/(?:sites|personal)\/[^/]+)/.exec(link)?.[1] ?? []);
  return [...new Set([...urls, ...corpus.ids.filter((id) => id.includes(",")), "https://contoso.sharepoint.com", "https://contoso.sharepoint.com/sites/Nope", "Marketing", "contoso.sharepoint.com:/sites/Marketing", "https://evil.example.com/sites/Marketing"])];
}

export function vocabulary(corpus: Corpus, tool: string): Vocabulary {
  const people = [...PEOPLE.map((p) => p.mail), ...PEOPLE.map((p) => p.displayName), ...ODD_ADDRESSES];
  const pools: Record<string, () => fc.Arbitrary<unknown>> = {
    query: () => fc.constantFrom(...QUERIES),
    subject: () => fc.constantFrom(...QUERIES),
    name: () => fc.constantFrom(...FOLDER_NAMES),
    from: () => fc.constantFrom(...people),
    to: () => fc.constantFrom(...people),
    attendee: () => fc.constantFrom(...people),
    organizer: () => fc.constantFrom(...people),
    attendees: () => fc.constantFrom(...people),
    mailbox: () => fc.constantFrom(...people),
    site: () => fc.constantFrom(...sites(corpus)),
    library: () => fc.constantFrom(...LIBRARIES, ...corpus.ids.filter((id) => id.startsWith("b!"))),
    folder: () => fc.constantFrom(...MAIL_FOLDERS),
    timeZone: () => fc.constantFrom(...TIME_ZONES),
    modifiedAfter: () => fc.constantFrom(days(corpus.now, -30), days(corpus.now, -365), `${days(corpus.now, -7)}T12:00:00Z`, days(corpus.now, 1), "2026-13-01", "yesterday"),
    modifiedBefore: () => fc.constantFrom(days(corpus.now, 0), days(corpus.now, -60), `${days(corpus.now, 0)}T23:59:59+14:00`, "2026-02-30", "tomorrow"),
    startDateTime: () => fc.constantFrom(days(corpus.now, 0), days(corpus.now, 1), `${days(corpus.now, 1)}T09:00:00+01:00`, days(corpus.now, -3), "2026-02-30"),
    endDateTime: () => fc.constantFrom(days(corpus.now, 3), days(corpus.now, 8), `${days(corpus.now, 14)}T18:00:00Z`, days(corpus.now, -1), days(corpus.now, 90)),
    uri: () => uriArbitrary(corpus),
    cursor: () => cursorArbitrary(corpus, tool),
  };
  const built = new Map<string, fc.Arbitrary<unknown>>();
  return (property) => {
    const make = pools[property];
    if (!make) return undefined;
    let arbitrary = built.get(property);
    if (!arbitrary) built.set(property, (arbitrary = make()));
    return arbitrary;
  };
}
