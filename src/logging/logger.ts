import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/** The application log: stdout unless a destination is given (tests capture it). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "m365-mcp" },
      // Defence in depth: tokens must never be logged, even if a header object slips into a log call.
      redact: { paths: ["req.headers.authorization", "*.authorization", "*.accessToken", "*.token"], censor: "[redacted]" },
    },
    destination,
  );
}
