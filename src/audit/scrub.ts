// Defence in depth for the audit sink: no token reaches the log even if a caller passes one by mistake. One pass
// over the event both censors the properties that only ever hold secrets and scrubs token-like text elsewhere.

export const REDACTED = "[redacted]";

/** Property names that only ever hold secrets: censored wherever an event carries them, at any depth. */
const SECRET_NAMES: ReadonlySet<string> = new Set(["authorization", "token", "accessToken", "idToken", "refreshToken", "assertion", "clientSecret", "password", "cookie"]);

// A JWT or JWE (base64url segments, the first a JSON header starting {"), or an Authorization header's value.
const JWT = /eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){2,4}/g;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;

const scrubText = (text: string): string => text.replace(BEARER, REDACTED).replace(JWT, REDACTED);

/** A copy of the value with every secret-named property censored and every JWT-like or Bearer-like substring replaced. */
export function scrubSecrets(value: unknown): unknown {
  if (typeof value === "string") return scrubText(value);
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, SECRET_NAMES.has(key) ? REDACTED : scrubSecrets(entry)]));
  }
  return value;
}
