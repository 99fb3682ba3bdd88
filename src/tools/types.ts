// What a tool is at run time: its spec metadata plus a bound runner that validates arguments first.
import type { ErrorObject, ValidateFunction } from "ajv";
import { Failure, InvalidInput } from "../failure.js";
import type { GraphClient } from "../graph/client.js";
import type { CursorCodec } from "../graph/cursor.js";
import type { Logger } from "../logging/logger.js";
import { DATE_FORMS, DATE_PATTERN } from "./dates.js";

/** Operator limits the file-reading tools honour. */
export interface FileSettings {
  maxFileBytes: number;
  /** SharePoint host names accepted in pasted links besides the Microsoft-owned ones. */
  extraSharePointHosts: readonly string[];
}

/** Reports how far a long call is; a no-op unless the client asked for progress. */
export type ProgressReporter = (progress: number, total?: number, message?: string) => Promise<void>;

export interface ToolContext {
  /** A Graph client acting as the caller, and nobody else. */
  graph: GraphClient;
  /** The first of the tool's spec strategies whose permissions were granted. */
  strategy: string | undefined;
  grantedScopes: ReadonlySet<string>;
  /** The signed-in user's object id, e.g. to name the others in a chat. */
  userId: string;
  /** Seals and opens paging cursors bound to this tool and caller. */
  cursors: CursorCodec;
  files: FileSettings;
  progress: ProgressReporter;
  now: () => Date;
  signal: AbortSignal;
  /** The application log, for failures the answer words for the user but an admin needs the cause of. Never content. */
  logger: Logger;
}

export interface ToolResult<O> {
  structured: O;
  markdown: string;
}

export type ToolHandler<I, O> = (input: I, ctx: ToolContext) => Promise<ToolResult<O>>;
export type BoundTool = (args: unknown, ctx: ToolContext) => Promise<ToolResult<unknown>>;

export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  annotations: Record<string, unknown>;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  scopes: string[][];
  strategies: Record<string, string[][]>;
  graph: string[];
  run: BoundTool;
}

function describeAjvError(error: ErrorObject): string {
  const field = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") return `\`${String(params["missingProperty"])}\` is required`;
  if (error.keyword === "additionalProperties") return `\`${String(params["additionalProperty"])}\` is not an argument of this tool`;
  if (error.keyword === "format") return `\`${field}\` must be a ${String(params["format"])} (ISO 8601, e.g. 2026-01-31T09:00:00Z)`;
  if (error.keyword === "pattern" && params["pattern"] === DATE_PATTERN) return `\`${field}\` must be ${DATE_FORMS}`;
  if (error.keyword === "enum") return `\`${field}\` must be one of ${(params["allowedValues"] as unknown[]).map(String).join(", ")}`;
  return `\`${field || "arguments"}\` ${error.message ?? "is invalid"}`;
}

export function describeInvalidArguments(errors: ErrorObject[] | null | undefined): string {
  const reasons = [...new Set((errors ?? []).map(describeAjvError))];
  return `Invalid arguments: ${reasons.join("; ") || "they do not match the tool's input schema"}.`;
}

/**
 * A result that does not match the tool's own output schema: a bug in the server, never sent to the client.
 * The message names the failing paths and keywords only, never the values, which are the user's content.
 */
export class ToolOutputError extends Failure {
  override name = "ToolOutputError";

  constructor(errors: ErrorObject[] | null | undefined) {
    super("internal", `The result does not match the output schema: ${(errors ?? []).map((e) => `${e.instancePath || "/"} ${e.keyword}`).join(", ")}`, { code: "invalid_output" });
  }
}

/**
 * Binds a handler to its precompiled validators: the handler only ever sees arguments of its input type, and its
 * structured result reaches the client only when it matches the output schema the tool advertises.
 */
export function bindHandler<I, O>(validate: ValidateFunction<I>, validateOutput: ValidateFunction<O>, handler: ToolHandler<I, O>): BoundTool {
  return async (args, ctx) => {
    const input: unknown = structuredClone(args ?? {});
    if (!validate(input)) throw new InvalidInput(describeInvalidArguments(validate.errors));
    const result = await handler(input, ctx);
    if (!validateOutput(result.structured)) throw new ToolOutputError(validateOutput.errors);
    return result;
  };
}
