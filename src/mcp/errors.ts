// JSON-RPC errors for request handlers. The SDK sends a thrown error's `code` and `message` as they are;
// McpError would put "MCP error -32602:" into the message, which the client then prefixes a second time.
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";

export function invalidParams(message: string): Error & { code: number } {
  return Object.assign(new Error(message), { code: ErrorCode.InvalidParams });
}
