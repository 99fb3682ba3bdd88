// MCP resources for clients that read items natively: the m365:// forms as resource templates, and
// resources/read answered by the read_resource tool itself, so policy, permissions and audit are the tool's.
import { ResourceNotFoundError, type CallToolResult, type ReadResourceResult, type ResourceTemplateType, type Server, type ServerContext } from "@modelcontextprotocol/server";
import type { Failure, FailureKind } from "../failure.js";
import { URI_FORMS } from "../tools/resources/uri.js";
import { internalError, invalidParams } from "./errors.js";
import type { ToolOutcome } from "./server.js";

const MIME_TYPE = "text/markdown";
/** resources/read has no cursor, so it asks for the largest page read_resource gives. */
const MAX_CHARS = 100_000;

export const RESOURCE_TEMPLATES: ResourceTemplateType[] = URI_FORMS.map((form) => ({
  uriTemplate: form.template,
  name: form.name,
  title: form.title,
  description: `${form.description} Ids are percent-encoded; the search tools return such uris.`,
  mimeType: MIME_TYPE,
}));

const textOf = (result: CallToolResult): string => result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

/** Failures that are nobody's mistake in the request: the server, Microsoft 365 or time. */
const NOT_THE_CLIENTS: ReadonlySet<FailureKind> = new Set(["internal", "cancelled", "throttled", "unavailable", "timeout"]);

/**
 * The JSON-RPC error for a failed read. A uri this server does not serve, or an item that is not there, is
 * "resource not found": -32602 with exactly `{uri}` as data (SEP-2164). Graph failing or throttling is not the
 * client's mistake; anything else (a missing permission, a refused link, an unreadable file) is a reason the
 * client can act on.
 */
function readError(uri: string, message: string, failure: Failure | undefined): Error {
  if (failure?.kind === "not_found" || failure?.details.code === "unsupported_uri") return new ResourceNotFoundError(uri, message);
  if (!failure || NOT_THE_CLIENTS.has(failure.kind)) return internalError(message);
  return invalidParams(message);
}

/** Runs a tool for resources/read, from within the SDK's request context. */
export type ContextToolCall = (name: string, args: Record<string, unknown>, ctx: ServerContext) => Promise<ToolOutcome>;

// eslint-disable-next-line @typescript-eslint/no-deprecated
export function registerResources(server: Server, callTool: ContextToolCall): void {
  server.setRequestHandler("resources/templates/list", () => ({ resourceTemplates: RESOURCE_TEMPLATES }));
  // Items are found by searching, per user and without end: there is no fixed list to offer, only templates.
  server.setRequestHandler("resources/list", () => ({ resources: [] }));
  server.setRequestHandler("resources/read", async (request, ctx): Promise<ReadResourceResult> => {
    const { uri } = request.params;
    const { result, failure } = await callTool("read_resource", { uri, maxChars: MAX_CHARS }, ctx);
    if (result.isError) throw readError(uri, `Could not read ${uri}: ${textOf(result)}`, failure);
    return { contents: [{ uri, mimeType: MIME_TYPE, text: textOf(result) }] };
  });
}
