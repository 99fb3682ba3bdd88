// Resolves the zone names Microsoft Graph returns (usually Windows, sometimes IANA, sometimes custom) to IANA zones.
import { DateTime, IANAZone } from "luxon";
import { findIana, findWindows } from "windows-iana";

export const FALLBACK_ZONE = "UTC";

export interface ResolvedTimeZone {
  /** IANA zone to do arithmetic in; FALLBACK_ZONE when the name could not be resolved. */
  iana: string;
  /** How the name was understood; "fallback" means the caller should tell the user. */
  source: "windows" | "iana" | "fallback";
}

// Graph sometimes prefixes zone names this way (e.g. "tzone://Microsoft/Utc").
const GRAPH_ZONE_PREFIX = "tzone://Microsoft/";

function stripGraphPrefix(name: string): string {
  return name.startsWith(GRAPH_ZONE_PREFIX) ? name.slice(GRAPH_ZONE_PREFIX.length) : name;
}

// The first candidate is CLDR's primary zone for the Windows name; later ones may be aliases the runtime lacks.
function windowsToIana(name: string): string | undefined {
  return findIana(name).find((candidate) => IANAZone.isValidZone(candidate));
}

/** Maps a Windows or IANA zone name to an IANA zone; never throws, falls back to UTC. */
export function resolveTimeZone(name: string | null | undefined): ResolvedTimeZone {
  const trimmed = stripGraphPrefix((name ?? "").trim());
  if (trimmed === "") return { iana: FALLBACK_ZONE, source: "fallback" };
  // Windows names are what Graph usually sends, so they are tried first.
  const fromWindows = windowsToIana(trimmed);
  if (fromWindows !== undefined) return { iana: fromWindows, source: "windows" };
  if (IANAZone.isValidZone(trimmed)) return { iana: trimmed, source: "iana" };
  return { iana: FALLBACK_ZONE, source: "fallback" };
}

export interface RequestedTimeZone {
  /** The IANA zone results are presented in. */
  iana: string;
  /** The Windows name for Graph's `Prefer: outlook.timezone`, which accepts every Windows name but only some IANA ones. */
  graphName: string;
}

function windowsNameOf(iana: string): string | undefined {
  const canonical = new Intl.DateTimeFormat("en-US", { timeZone: iana }).resolvedOptions().timeZone;
  return findWindows(iana)[0] ?? findWindows(canonical)[0];
}

/**
 * A zone a caller asked for: an IANA name, or a Windows name as get_me and Outlook report them.
 * Unlike resolveTimeZone it never falls back: undefined means the name is unknown.
 */
export function parseRequestedTimeZone(name: string): RequestedTimeZone | undefined {
  const trimmed = name.trim();
  if (IANAZone.isValidZone(trimmed)) return { iana: trimmed, graphName: windowsNameOf(trimmed) ?? trimmed };
  const fromWindows = windowsToIana(trimmed);
  return fromWindows === undefined ? undefined : { iana: fromWindows, graphName: trimmed };
}

/** ISO 8601 with the zone's offset, e.g. 2027-03-08T10:00:00+01:00, so the wall-clock time reads directly. */
export function isoInZone(date: Date, iana: string): string {
  return DateTime.fromJSDate(date, { zone: iana }).toISO({ suppressMilliseconds: true }) ?? date.toISOString();
}

/** A short human form for markdown, e.g. "Mon 8 Mar 2027 10:00". */
export function displayInZone(date: Date, iana: string): string {
  return DateTime.fromJSDate(date, { zone: iana }).setLocale("en-GB").toFormat("ccc d LLL yyyy HH:mm");
}
