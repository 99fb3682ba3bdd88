// The server's settings: one JSON Schema over the environment, so every value is checked before startup.

export const SETTINGS = {
  M365_MCP_HOST: { type: "string", minLength: 1, default: "127.0.0.1", description: "Interface the server listens on." },
  M365_MCP_PORT: { type: "integer", minimum: 0, maximum: 65535, default: 3000, description: "TCP port (0 picks a free one)." },
  M365_MCP_ALLOWED_ORIGINS: {
    type: "string",
    default: "",
    pattern: "^(https?://[^,/\\s]+)?(,\\s*https?://[^,/\\s]+)*$",
    description: "Comma-separated browser origins allowed to call /mcp (e.g. https://claude.ai). Requests without an Origin header are always allowed.",
  },
  M365_MCP_ALLOWED_HOSTS: {
    type: "string",
    default: "",
    pattern: "^([^,/\\s]+)?(,\\s*[^,/\\s]+)*$",
    description: "Comma-separated Host header values accepted besides the listen address (DNS-rebinding protection), e.g. mcp.contoso.com.",
  },
  M365_MCP_GRAPH_ENDPOINT: {
    type: "string",
    format: "uri",
    default: "https://graph.microsoft.com",
    description: "Microsoft Graph root; a national cloud's endpoint here (http: only for loopback hosts).",
  },
  M365_MCP_MAX_BODY_BYTES: { type: "integer", minimum: 1024, maximum: 10485760, default: 1048576, description: "Largest accepted /mcp request body." },
  M365_MCP_CURSOR_KEY: {
    type: "string",
    minLength: 32,
    description: "Secret (32+ characters) that signs paging cursors; set the same value on every replica. A random one per process when unset.",
  },
  M365_MCP_LOG_LEVEL: { type: "string", enum: ["fatal", "error", "warn", "info", "debug", "trace", "silent"], default: "info", description: "Application log level." },
} as const;

export type SettingName = keyof typeof SETTINGS;
