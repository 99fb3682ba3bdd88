// The server's settings: one JSON Schema over the environment, so every value is checked before startup.

const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

export const SETTINGS = {
  M365_MCP_HOST: { type: "string", minLength: 1, default: "127.0.0.1", description: "Interface the server listens on." },
  M365_MCP_PORT: { type: "integer", minimum: 0, maximum: 65535, default: 3000, description: "TCP port (0 picks a free one)." },
  M365_MCP_PUBLIC_URL: {
    type: "string",
    format: "uri",
    pattern: "^https?://",
    description: "The URL clients use to reach the server, e.g. https://mcp.contoso.com (required with Entra sign-in). The MCP endpoint is its /mcp path; a proxy path prefix is kept (https://contoso.com/m365 serves https://contoso.com/m365/mcp).",
  },
  M365_MCP_CLIENT_ID: { type: "string", pattern: `^${GUID}$`, description: "Application (client) ID of the Entra app registration. Setting it turns on Entra sign-in." },
  M365_MCP_CLIENT_SECRET: { type: "string", minLength: 1, description: "Client secret of the app registration, for the On-Behalf-Of exchange. Prefer a certificate." },
  M365_MCP_CLIENT_CERTIFICATE: {
    type: "string",
    minLength: 1,
    description: "The app's certificate credential: a PEM holding the certificate and its private key, or the path to such a file. Recommended over a secret.",
  },
  M365_MCP_AUTHORITY_HOST: {
    type: "string",
    format: "uri",
    pattern: "^https://[^/]+/?$",
    default: "https://login.microsoftonline.com",
    description: "Entra sign-in host; a national cloud's host here (e.g. https://login.microsoftonline.us), or a proxy in front of Entra. The accepted token issuers are read from its v2.0 and v1.0 OpenID configuration documents.",
  },
  M365_MCP_TENANT: {
    type: "string",
    pattern: `^(organizations|${GUID})$`,
    default: "organizations",
    description: "`organizations` for a multi-tenant app, or your tenant ID for a single-tenant one.",
  },
  M365_MCP_ALLOWED_TENANTS: {
    type: "string",
    default: "",
    pattern: `^(${GUID})?(\\s*,\\s*${GUID})*$`,
    description: "Comma-separated tenant IDs allowed to use the server; empty allows every organizational tenant (or only M365_MCP_TENANT when that is an ID).",
  },
  M365_MCP_API_AUDIENCES: {
    type: "string",
    default: "",
    pattern: "^([^,\\s]+)?(\\s*,\\s*[^,\\s]+)*$",
    description: "Token audiences accepted besides the client ID and api://{client ID}, e.g. an Application ID URI equal to the public MCP URL.",
  },
  M365_MCP_API_SCOPE: { type: "string", pattern: "^[A-Za-z0-9_.-]{1,100}$", default: "access_as_user", description: "The delegated scope the app exposes, which every token must carry." },
  M365_MCP_CACHE_KEY: {
    type: "string",
    minLength: 32,
    description: "Secret (32+ characters) the token cache is encrypted under. A random one per process when unset.",
  },
  M365_MCP_POLICY_FILE: { type: "string", minLength: 1, description: "Path of the admin policy YAML file; re-read when it changes, without a restart." },
  M365_MCP_AUDIT_FILE: { type: "string", minLength: 1, description: "Also append audit events to this file (they always go to stdout)." },
  M365_MCP_AUDIT_QUERIES: { type: "string", enum: ["0", "1"], default: "0", description: "1 logs search text in audit events; by default only its length and hash." },
  M365_MCP_ENTRA_TIMEOUT_MS: { type: "integer", minimum: 1000, maximum: 60000, default: 10000, description: "How long a call to Entra (discovery, keys, token exchange) may take before the request gets a 503." },
  M365_MCP_ALLOWED_ORIGINS: {
    type: "string",
    default: "",
    pattern: "^(https?://[^,/\\s]+)?(,\\s*https?://[^,/\\s]+)*$",
    description: "Comma-separated browser origins allowed to call /mcp, with CORS (e.g. https://claude.ai); other origins get 403, except the server's own (a page from a host it answers to). Requests without an Origin header are always allowed.",
  },
  M365_MCP_ALLOWED_HOSTS: {
    type: "string",
    default: "",
    pattern: "^([^,/\\s]+)?(,\\s*[^,/\\s]+)*$",
    description: "Comma-separated Host header values accepted besides the listen address and the public URL's host (DNS-rebinding protection), e.g. mcp.internal.contoso.com.",
  },
  M365_MCP_GRAPH_ENDPOINT: {
    type: "string",
    format: "uri",
    default: "https://graph.microsoft.com",
    description: "Microsoft Graph root; a national cloud's endpoint here (http: only for loopback hosts).",
  },
  M365_MCP_CA_FILE: {
    type: "string",
    minLength: 1,
    description: "A PEM file of certificate authorities to trust for outbound HTTPS (Entra, Graph, file downloads) beside Node's bundled ones, e.g. a TLS-inspecting egress proxy's or a private endpoint's.",
  },
  M365_MCP_GRAPH_TIMEOUT_MS: {
    type: "integer",
    minimum: 1000,
    maximum: 120000,
    default: 30000,
    description: "How long one Microsoft Graph request may take (retries included) before the tool call fails with a timeout error.",
  },
  M365_MCP_GRAPH_TENANT_CONCURRENCY: {
    type: "integer",
    minimum: 1,
    maximum: 64,
    default: 8,
    description:
      "Most Microsoft Graph requests this process runs at once for one tenant, each user at most 4 of them; others wait their turn within M365_MCP_GRAPH_TIMEOUT_MS. Lowered for a while when Graph reports the tenant near or over a limit.",
  },
  M365_MCP_MAX_BODY_BYTES: { type: "integer", minimum: 1024, maximum: 10485760, default: 1048576, description: "Largest accepted /mcp request body." },
  M365_MCP_MAX_FILE_MB: { type: "integer", minimum: 1, maximum: 1024, default: 50, description: "Largest file read_resource downloads to extract text from, in MB." },
  M365_MCP_EXTRACTION_WORKERS: {
    type: "integer",
    minimum: 1,
    maximum: 32,
    description: "Most worker threads extracting text from files at once, one file each; other reads wait their turn. Unset: one per CPU beyond the first, at most 2.",
  },
  M365_MCP_EXTRACTION_HEAP_MB: {
    type: "integer",
    minimum: 32,
    maximum: 4096,
    default: 256,
    description: "Heap cap of one extraction worker, in MB, and of PDFium's memory in it; a file that needs more is refused, saying so. Extraction holds at most about workers × 2 × this.",
  },
  M365_MCP_SHAREPOINT_HOSTS: {
    type: "string",
    default: "",
    pattern: "^([a-z0-9.-]+)?(\\s*,\\s*[a-z0-9.-]+)*$",
    description: "Comma-separated extra SharePoint host names whose links read_resource accepts (e.g. a vanity domain), besides *.sharepoint.com and the national clouds'.",
  },
  M365_MCP_CURSOR_KEY: {
    type: "string",
    minLength: 32,
    description: "Secret (32+ characters) that signs paging cursors; set the same value on every replica. A random one per process when unset.",
  },
  M365_MCP_SHUTDOWN_TIMEOUT_MS: {
    type: "integer",
    minimum: 0,
    maximum: 300000,
    default: 10000,
    description: "How long a stopping server (SIGTERM or SIGINT) lets in-flight requests finish before it closes their connections.",
  },
  M365_MCP_LOG_LEVEL: { type: "string", enum: ["fatal", "error", "warn", "info", "debug", "trace", "silent"], default: "info", description: "Application log level." },
  M365_MCP_CONFIG_FILE: { type: "string", minLength: 1, description: "A YAML file of these same variables; its values override the environment's." },
} as const;

export type SettingName = keyof typeof SETTINGS;
