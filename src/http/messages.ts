export const MISDIRECTED_HOST = "This server does not answer to that Host header. Add the host to M365_MCP_ALLOWED_HOSTS if it is yours.";
export const FORBIDDEN_ORIGIN = "Requests from this browser origin are not allowed. An administrator can add it to M365_MCP_ALLOWED_ORIGINS.";
export const UNSUPPORTED_MEDIA = "The MCP endpoint accepts only application/json request bodies.";
export const NOT_ACCEPTABLE = "The client must accept application/json or text/event-stream.";
export const BODY_TOO_LARGE = "The request body is larger than this server accepts.";
export const INTERNAL = "The server failed to handle the request.";
