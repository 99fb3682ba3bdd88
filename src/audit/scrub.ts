// Defence in depth for the audit sink: no token reaches the log even if a caller passes one by mistake.

export const REDACTED = "[redacted]";

/** Property names that only ever hold secrets; pino's redact censors them wherever an event carries them. */
const SECRET_NAMES = ["authorization", "token", "accessToken", "idToken", "refreshToken", "assertion", "clientSecret", "password", "cookie"];
export const REDACT_PATHS = [...SECRET_NAMES, ...SECRET_NAMES.map((name) => `*.${name}`), ...SECRET_NAMES.map((name) => `*[*].${name}`)];

// A JWT or JWE (base64url segments, the first a JSON header starting {"), or an Authorization header's value.
const JWT = /eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){2,4}/g;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;

const scrubText = (text: string): string => text.replace(BEARER, REDACTED).replace(JWT, REDACTED);

/** A copy of the value with every JWT-like or Bearer-like substring of every string replaced. */
export function scrubSecrets(value: unknown): unknown {
  if (typeof value === "string") return scrubText(value);
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, scrubSecrets(entry)]));
  }
  return value;
}
