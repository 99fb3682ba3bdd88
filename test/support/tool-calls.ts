// Calling a tool through the real MCP client, and the paging cursors the tools hand out.
import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { CursorCodec } from "../../src/graph/cursor.js";
import { ALICE, textOf, type Harness } from "./harness.js";

type Args = Record<string, unknown>;

export interface ToolCalls {
  /** Calls the tool as the user of `token` (alice by default), on a fresh client. */
  call: (args: Args, token?: string) => Promise<CallToolResult>;
  /** Calls the tool and asserts it succeeded. */
  success: (args: Args, token?: string) => Promise<CallToolResult>;
  /** Calls the tool, asserts it failed, and returns the error text. */
  failure: (args: Args, token?: string) => Promise<string>;
}

export function toolCalls(harness: () => Harness, name: string): ToolCalls {
  async function call(args: Args, token?: string): Promise<CallToolResult> {
    const client = await harness().connect(token);
    return await client.callTool({ name, arguments: args });
  }
  return {
    call,
    success: async (args, token) => {
      const result = await call(args, token);
      assert.equal(result.isError, undefined, textOf(result));
      return result;
    },
    failure: async (args, token) => {
      const result = await call(args, token);
      assert.equal(result.isError, true, textOf(result));
      return textOf(result);
    },
  };
}

/** A result's structured content, as an object whose members a test can read. */
export function structuredOf(result: CallToolResult): Record<string, unknown> {
  return result.structuredContent as Record<string, unknown>;
}

export const INVALID_CURSOR = "The cursor is invalid, expired, or belongs to another search; run the search again without a cursor.";
export const CURSOR_OUTSIDE = "The cursor points outside this tool's Graph resource; run the search again without a cursor.";

/** Seals cursors as the server does for `tool` and a caller of alice's tenant, given the suite's M365_MCP_CURSOR_KEY. */
export function cursorCodec(key: string, tool: string, userId = ALICE.userId): CursorCodec {
  return new CursorCodec(new TextEncoder().encode(key), tool, `${ALICE.tenantId}/${userId}`);
}

/** The cursor with the first character of its signature changed, so it always fails verification. */
export function tamperedSignature(cursor: string): string {
  const [head, payload, signature] = cursor.split(".");
  assert.ok(head !== undefined && payload !== undefined && signature, `not a signed cursor: ${cursor}`);
  return `${head}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
}
