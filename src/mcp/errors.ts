// JSON-RPC errors for request handlers; the SDK sends a ProtocolError's code, message and data as they are.
import { ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";

export function invalidParams(message: string, data?: Record<string, unknown>): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, message, data);
}

export function internalError(message: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InternalError, message);
}
