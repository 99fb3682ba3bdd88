// Resolves the zone names Microsoft Graph returns (usually Windows, sometimes IANA, sometimes custom) to IANA zones.
import { IANAZone } from "luxon";
import { findIana } from "windows-iana";

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
