// Safe composition of OData and KQL: every user value is quoted, so no value can add operators or reach another field.
import { InvalidInput } from "../failure.js";

/** An OData string literal: single quotes around the value, inner single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A KQL phrase: the value in double quotes. KQL has no escape for a double quote inside a phrase, so inner
 * quotes and control characters become spaces; operators such as OR, AND, NOT, * and parentheses are then
 * plain words inside the phrase.
 */
export function kqlPhrase(value: string): string {
  const cleaned = value.replace(/["\\\p{Cc}]/gu, " ").replace(/\s+/g, " ").trim();
  return `"${cleaned}"`;
}

/** Whether a value keeps any words once it is a KQL phrase (quotes and control characters alone do not). */
export function hasSearchText(value: string): boolean {
  return kqlPhrase(value) !== '""';
}

/** A KQL property restriction, e.g. from:"Alice Example". */
export function kqlProperty(property: string, value: string): string {
  return `${property}:${kqlPhrase(value)}`;
}

/** The Outlook `$search` option: the whole KQL query in double quotes, inner quotes and backslashes escaped. */
export function outlookSearchValue(kql: string): string {
  return `"${kql.replace(/[\\"]/g, "\\$&")}"`;
}

/** A date for OData `$filter`: unquoted ISO 8601 in UTC. */
export function odataDateTime(value: Date): string {
  // Past 9999 (a window that starts near the end of year 9999 and runs on), toISOString writes a six-digit year that
  // is no Edm.DateTimeOffset, and Graph would refuse the whole request.
  const year = value.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) throw new InvalidInput(`A date of this search falls outside the years 1 to 9999 that Microsoft Graph takes (${Number.isNaN(year) ? "not a date" : value.toISOString()}); choose dates within them.`);
  return value.toISOString().replace(/\.000Z$/, "Z");
}
