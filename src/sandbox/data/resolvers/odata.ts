// OData conventions the simulated replies share: $select, paging with nextLink, collections, and Graph's errors.
import { graphError, type GraphRequest, type MockReply } from "../../graph.js";
import type { Json } from "../mailboxes.js";

const METADATA = "https://graph.microsoft.com/v1.0/$metadata#";

/** Only the selected properties (plus id and OData annotations), as Graph answers $select. */
export function pick(json: Json, select: string | null): Json {
  if (!select) return json;
  const wanted = new Set(select.split(",").map((s) => s.trim()));
  return Object.fromEntries(Object.entries(json).filter(([key]) => key === "id" || key.startsWith("@odata.") || wanted.has(key)));
}

export interface Page<T> {
  items: T[];
  nextLink?: string;
}

/**
 * One page of `all` by $top and $skip (or an opaque $skiptoken, as drives page), with the nextLink Graph would
 * give: the request's own URL with the offset moved on.
 */
export function paged<T>(request: GraphRequest, all: readonly T[], defaultTop: number, style: "skip" | "skiptoken" = "skip"): Page<T> {
  const top = Number(request.query.get("$top") ?? defaultTop);
  const token = request.query.get("$skiptoken");
  const skip = style === "skiptoken" ? (token ? Number(Buffer.from(token, "base64url").toString().replace(/^Paged=TRUE&p_ID=/, "")) || 0 : 0) : Number(request.query.get("$skip") ?? 0);
  const items = all.slice(skip, skip + top);
  if (skip + top >= all.length) return { items };
  const next = new URL(request.url);
  if (style === "skiptoken") next.searchParams.set("$skiptoken", Buffer.from(`Paged=TRUE&p_ID=${skip + top}`).toString("base64url"));
  else next.searchParams.set("$skip", String(skip + top));
  return { items, nextLink: next.href };
}

export function collection(context: string, values: readonly unknown[], nextLink?: string, count?: number): MockReply {
  return { body: { "@odata.context": `${METADATA}${context}`, ...(count === undefined ? {} : { "@odata.count": count }), value: values, ...(nextLink ? { "@odata.nextLink": nextLink } : {}) } };
}

export function entity(context: string, json: Json): MockReply {
  return { body: { "@odata.context": `${METADATA}${context}/$entity`, ...json } };
}

export const notFound = (code: string, message: string): MockReply => graphError(404, code, message);
export const accessDenied = (code: string, message: string): MockReply => graphError(403, code, message);
export const badRequest = (code: string, message: string): MockReply => graphError(400, code, message);

/** An OData string literal's value: 'Bob''s' is Bob's. */
export const odataStringValue = (literal: string): string => literal.replace(/^'|'$/g, "").replace(/''/g, "'");
