// The three diagnostic tools the MCP conformance suite's server-stateless scenario calls by name, served only by
// `m365-mcp sandbox --conformance-tools`. The product's tools never sample, elicit or log, so without these the
// suite reports the checks about those paths as "not testable"; with them, the checks run through this server's own
// endpoint (its status codes, its JSON-or-stream choice, its capability declaration). They mirror the fixtures of
// the MCP TypeScript SDK's conformance server.
import { inputRequired } from "@modelcontextprotocol/server";
import type { FixtureTool } from "../mcp/server.js";

const NO_ARGUMENTS = { type: "object", properties: {}, additionalProperties: false } as const;

export const CONFORMANCE_TOOLS: readonly FixtureTool[] = [
  {
    // SEP-2575: asking for input the client cannot give (it declared no `sampling`) is answered with -32021 and 400.
    entry: { name: "test_missing_capability", description: "Conformance fixture: needs the client's sampling capability.", inputSchema: NO_ARGUMENTS },
    call: (ctx) =>
      Promise.resolve(
        ctx.mcpReq.inputResponses?.["llm_answer"] === undefined
          ? inputRequired({ inputRequests: { llm_answer: inputRequired.createMessage({ messages: [{ role: "user", content: { type: "text", text: "Reply with the single word: pong" } }], maxTokens: 16 }) } })
          : { content: [{ type: "text", text: "sampling round-trip complete" }] },
      ),
  },
  {
    // SEP-2575: a response stream carries the result and notifications, never a request of its own.
    entry: { name: "test_streaming_elicitation", description: "Conformance fixture: a plain result on the request's own stream.", inputSchema: NO_ARGUMENTS },
    call: () => Promise.resolve({ content: [{ type: "text", text: "result frames only" }] }),
  },
  {
    // SEP-2575: request-scoped logging is delivered only when the request's _meta set a logLevel.
    entry: { name: "test_logging_tool", description: "Conformance fixture: logs through the request's logLevel-gated channel.", inputSchema: NO_ARGUMENTS },
    call: async (ctx) => {
      // Deprecated by SEP-2577 in 2026-07-28, yet still served in its deprecation window, which is what is checked.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      await ctx.mcpReq.log("info", "test_logging_tool ran");
      return { content: [{ type: "text", text: "logged" }] };
    },
  },
];
