import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config/load.js";

describe("configuration", () => {
  it("uses safe defaults", () => {
    const config = loadConfig({});
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.port, 3000);
    assert.equal(config.graphEndpoint.href, "https://graph.microsoft.com/");
    assert.deepEqual(config.allowedOrigins, []);
    assert.equal(config.cursorKeyIsEphemeral, true);
  });

  it("reads every documented variable", () => {
    const config = loadConfig({
      M365_MCP_HOST: "0.0.0.0",
      M365_MCP_PORT: "8080",
      M365_MCP_ALLOWED_ORIGINS: "https://claude.ai, https://inspector.example:6274",
      M365_MCP_ALLOWED_HOSTS: "mcp.contoso.com",
      M365_MCP_GRAPH_ENDPOINT: "https://graph.microsoft.us",
      M365_MCP_CURSOR_KEY: "k".repeat(32),
    });
    assert.equal(config.port, 8080);
    assert.deepEqual(config.allowedOrigins, ["https://claude.ai", "https://inspector.example:6274"]);
    assert.deepEqual(config.allowedHosts, ["mcp.contoso.com"]);
    assert.equal(config.graphEndpoint.origin, "https://graph.microsoft.us");
    assert.equal(config.cursorKeyIsEphemeral, false);
  });

  for (const [name, value, message] of [
    ["M365_MCP_PORT", "eighty", /M365_MCP_PORT: must be integer \(got "eighty"\)/],
    ["M365_MCP_PORT", "70000", /M365_MCP_PORT: must be <= 65535/],
    ["M365_MCP_ALLOWED_ORIGINS", "claude.ai", /M365_MCP_ALLOWED_ORIGINS: must match pattern/],
    ["M365_MCP_GRAPH_ENDPOINT", "not a url", /M365_MCP_GRAPH_ENDPOINT: must match format "uri"/],
    ["M365_MCP_GRAPH_ENDPOINT", "http://graph.example.com", /M365_MCP_GRAPH_ENDPOINT: must be https/],
    ["M365_MCP_CURSOR_KEY", "short", /M365_MCP_CURSOR_KEY: must NOT have fewer than 32 characters/],
    ["M365_MCP_LOG_LEVEL", "loud", /M365_MCP_LOG_LEVEL: must be equal to one of the allowed values/],
  ] as const) {
    it(`names ${name} when its value ${value} is invalid`, () => {
      assert.throws(() => loadConfig({ [name]: value }), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }

  it("accepts http only for a loopback Graph endpoint", () => {
    assert.equal(loadConfig({ M365_MCP_GRAPH_ENDPOINT: "http://127.0.0.1:4010" }).graphEndpoint.port, "4010");
  });
});
