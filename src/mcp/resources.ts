// MCP resources for clients that read items natively: the m365:// forms as resource templates, and
// resources/read answered by the read_resource tool itself, so policy, permissions and audit are the tool's.
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
  type ReadResourceResult,
  type ResourceTemplate,
} from "@modelcontextprotocol/sdk/types.js";
import { URI_FORMS } from "../tools/resources/uri.js";
import { invalidParams } from "./errors.js";
import type { CallTool } from "./server.js";

const MIME_TYPE = "text/markdown";
/** resources/read has no cursor, so it asks for the largest page read_resource gives. */
const MAX_CHARS = 100_000;

export const RESOURCE_TEMPLATES: ResourceTemplate[] = URI_FORMS.map((form) => ({
  uriTemplate: form.template,
  name: form.name,
  title: form.title,
  description: `${form.description} Ids are percent-encoded; the search tools return such uris.`,
  mimeType: MIME_TYPE,
}));

const textOf = (result: CallToolResult): string => result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

// The low-level Server, as createMcpServer builds it.
// eslint-disable-next-line @typescript-eslint/no-deprecated
export function registerResources(server: Server, callTool: CallTool): void {
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: RESOURCE_TEMPLATES }));
  // Items are found by searching, per user and without end: there is no fixed list to offer, only templates.
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [] }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra): Promise<ReadResourceResult> => {
    const { uri } = request.params;
    const result = await callTool("read_resource", { uri, maxChars: MAX_CHARS }, extra);
    if (result.isError) throw invalidParams(`Could not read ${uri}: ${textOf(result)}`);
    return { contents: [{ uri, mimeType: MIME_TYPE, text: textOf(result) }] };
  });
}
