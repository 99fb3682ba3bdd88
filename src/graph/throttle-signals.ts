// What a Graph answer says about throttling, read from its headers and reduced to content-free tokens and numbers
// the audit and the per-tenant gate can use. Nothing here reads a body.
//
// The headers, as Graph documents them (https://learn.microsoft.com/graph/throttling-limits, "Identity and access
// service limits", "Additional headers"):
// - x-ms-throttle-limit-percentage: sent only once the app has used more than 0.8 of a limit; 0.8 to 1.8, the share
//   of the limit used. "The value can be used by the callers to set up an alert and take action."
// - x-ms-throttle-scope, on throttled answers: `<Scope>/<Limit>/<ApplicationId>/<TenantId|UserId|ResourceId>`,
//   Scope one of Tenant_Application, Tenant, Application, and Limit one of Read, Write, ReadWrite. Earlier versions
//   of the page sent one token instead (Tenant_Application_All, Tenant_All, Application_All, …).
// - x-ms-throttle-information (earlier: x-ms-throttle-reason): why, "for diagnostics", e.g. ResourceUnitLimitExceeded.
// SharePoint's RateLimit-* headers are not read: SharePoint sends them only to apps using application permissions
// (https://devblogs.microsoft.com/microsoft365dev/prevent-throttling-in-your-application-by-using-ratelimit-headers-in-sharepoint-online/),
// and this server acts on behalf of users.

/** The throttling a response reported; each field only when Graph sent it in a readable form. */
export interface ThrottleSignal {
  /** x-ms-throttle-limit-percentage: the share of a Graph limit used, from 0.8 (rounded to hundredths). */
  limitPercentage?: number;
  /** x-ms-throttle-scope without its identifiers: "Tenant_Application/Read", "Tenant_All". */
  scope?: string;
  /** x-ms-throttle-information or x-ms-throttle-reason, when it is one token: "ResourceUnitLimitExceeded". */
  reason?: string;
}

interface Headers {
  header(name: string): string | undefined;
}

/** Scope and limit names are words; the identifiers after them (app, tenant, user, resource) are never kept. */
const SCOPE_PART = /^[A-Za-z][A-Za-z_]{0,39}$/;
/** A reason is kept only as a short token, so no free text Graph might send reaches a log. */
const REASON = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

function limitPercentage(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const share = Number(value);
  // Documented as 0.8 to 1.8; anything far outside is not that header as documented.
  return Number.isFinite(share) && share > 0 && share <= 10 ? Math.round(share * 100) / 100 : undefined;
}

function scopeOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parts: string[] = [];
  for (const part of value.trim().split("/", 2)) {
    if (!SCOPE_PART.test(part)) break;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join("/") : undefined;
}

function reasonOf(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed !== undefined && REASON.test(trimmed) ? trimmed : undefined;
}

/** The throttling signal of one response, or undefined when it carried none (the common case, kept cheap). */
export function throttleSignal(response: Headers): ThrottleSignal | undefined {
  const percentage = limitPercentage(response.header("x-ms-throttle-limit-percentage"));
  const scope = scopeOf(response.header("x-ms-throttle-scope"));
  const reason = reasonOf(response.header("x-ms-throttle-information") ?? response.header("x-ms-throttle-reason"));
  if (percentage === undefined && scope === undefined && reason === undefined) return undefined;
  return { ...(percentage === undefined ? {} : { limitPercentage: percentage }), ...(scope ? { scope } : {}), ...(reason ? { reason } : {}) };
}
