import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "m365-mcp" },
    // Defence in depth: tokens must never be logged, even if a header object slips into a log call.
    redact: { paths: ["req.headers.authorization", "*.authorization", "*.accessToken", "*.token"], censor: "[redacted]" },
  });
}
