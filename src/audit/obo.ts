// The failure fields of an obo.exchange event, read from what MSAL throws without keeping its message text.

export interface OboFailureFields {
  /** e.g. AADSTS65001. */
  aadsts?: string;
  /** The OAuth error code, e.g. invalid_grant. */
  errorCode?: string;
  correlationId?: string;
}

const AADSTS = /\bAADSTS(\d{4,6})\b/;
const CODE = /^[A-Za-z0-9_.-]{1,100}$/;
const CORRELATION_ID = /^[0-9a-fA-F-]{36}$/;

const field = (error: object, name: string): string | undefined => {
  const value = (error as Record<string, unknown>)[name];
  return typeof value === "string" && value !== "" ? value : undefined;
};

/**
 * MSAL's ServerError and InteractionRequiredAuthError carry `errorNo` (the first of Entra's `error_codes`, a number
 * in Entra's JSON though typed as a string) and `errorCode`; otherwise the AADSTS code is read from the message.
 */
export function oboFailureFields(error: unknown): OboFailureFields {
  if (typeof error !== "object" || error === null) return {};
  const errorNo: unknown = (error as Record<string, unknown>)["errorNo"];
  const number = (typeof errorNo === "string" || typeof errorNo === "number") && /^\d{4,6}$/.test(String(errorNo))
    ? String(errorNo)
    : AADSTS.exec(field(error, "errorMessage") ?? field(error, "message") ?? "")?.[1];
  const errorCode = field(error, "errorCode");
  const correlationId = field(error, "correlationId");
  return {
    ...(number ? { aadsts: `AADSTS${number}` } : {}),
    ...(errorCode && CODE.test(errorCode) ? { errorCode } : {}),
    ...(correlationId && CORRELATION_ID.test(correlationId) ? { correlationId } : {}),
  };
}
