// Fail fast, without a stack trace: a known misconfiguration prints its message; anything else prints one line
// with a reference, and the full error goes to the log under that reference.
import { randomUUID } from "node:crypto";
import { ConfigError } from "../config/load.js";
import type { Logger } from "../logging/logger.js";
import { PolicyError } from "../policy/policy.js";
import { EXIT_FAILURE, type CliIo } from "./command.js";

/** Listening failed for a reason the admin can fix in the settings. */
function listenProblem(error: unknown): string | undefined {
  const { code, syscall, address, port } = error as { code?: string; syscall?: string; address?: string; port?: number };
  if (syscall !== "listen") return undefined;
  const where = `${address ?? "?"}:${port ?? "?"}`;
  if (code === "EADDRINUSE") return `Cannot listen on ${where}: the port is already in use. Stop the other process or set M365_MCP_PORT to a free port.`;
  if (code === "EACCES") return `Cannot listen on ${where}: permission denied. Ports below 1024 need privileges; set M365_MCP_PORT to 1024 or above.`;
  if (code === "EADDRNOTAVAIL") return `Cannot listen on ${where}: this machine has no such address. Set M365_MCP_HOST to one of its addresses (or 0.0.0.0).`;
  return undefined;
}

export function reportFailure(error: unknown, io: CliIo, logger: Logger): number {
  if (error instanceof ConfigError || error instanceof PolicyError) {
    io.stderr(`${error.message}\n`);
    return EXIT_FAILURE;
  }
  const listen = listenProblem(error);
  if (listen) {
    io.stderr(`${listen}\n`);
    return EXIT_FAILURE;
  }
  const reference = randomUUID().slice(0, 8);
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  logger.error({ err: error, reference }, "unexpected error");
  io.stderr(`m365-mcp: unexpected error: ${message ?? ""} (reference ${reference}; the log has the details)\n`);
  return EXIT_FAILURE;
}
