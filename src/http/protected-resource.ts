// RFC 9728 protected-resource metadata: tells an MCP client which authorization server signs it in and
// which scope to ask for. Served at the root well-known path and at the path-specific one for /mcp.
import type { Context } from "koa";

export interface ProtectedResource {
  /** The public URL of the MCP endpoint; clients send it as the RFC 8707 `resource`. */
  resource: string;
  authorizationServer: string;
  scope: string;
  documentation: string;
}

export const METADATA_PATH = "/.well-known/oauth-protected-resource";

/** The path-specific metadata URL of a resource (RFC 9728 section 3.1). */
export function metadataUrl(resource: URL): string {
  return new URL(`${METADATA_PATH}${resource.pathname === "/" ? "" : resource.pathname}`, resource.origin).href;
}

export function protectedResourceMetadata(resource: ProtectedResource) {
  const document = {
    resource: resource.resource,
    authorization_servers: [resource.authorizationServer],
    scopes_supported: [resource.scope],
    bearer_methods_supported: ["header"],
    resource_documentation: resource.documentation,
  };
  return (ctx: Context): void => {
    ctx.set("Cache-Control", "public, max-age=3600");
    // Public metadata: browser-based MCP clients read it cross-origin before they have a token.
    ctx.set("Access-Control-Allow-Origin", "*");
    ctx.body = document;
  };
}
