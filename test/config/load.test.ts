import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../src/config/load.js";

describe("configuration", () => {
  it("uses safe defaults", () => {
    const config = loadConfig({});
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.port, 3000);
    assert.equal(config.graphEndpoint.href, "https://graph.microsoft.com/");
    assert.deepEqual(config.allowedOrigins, []);
    assert.equal(config.cursorKeyIsEphemeral, true);
    assert.equal(config.graphTenantConcurrency, 8);
    assert.equal(config.extractionWorkers, undefined, "the pool picks its size from the CPU count");
    assert.equal(config.extractionHeapMb, 256);
  });

  it("reads every documented variable", () => {
    const config = loadConfig({
      M365_MCP_HOST: "0.0.0.0",
      M365_MCP_PORT: "8080",
      M365_MCP_ALLOWED_ORIGINS: "https://claude.ai, https://inspector.example:6274",
      M365_MCP_ALLOWED_HOSTS: "mcp.contoso.com",
      M365_MCP_GRAPH_ENDPOINT: "https://graph.microsoft.us",
      M365_MCP_CURSOR_KEY: "k".repeat(32),
      M365_MCP_GRAPH_TENANT_CONCURRENCY: "16",
      M365_MCP_EXTRACTION_WORKERS: "1",
      M365_MCP_EXTRACTION_HEAP_MB: "128",
    });
    assert.equal(config.port, 8080);
    assert.equal(config.graphTenantConcurrency, 16);
    assert.equal(config.extractionWorkers, 1);
    assert.equal(config.extractionHeapMb, 128);
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
    ["M365_MCP_GRAPH_TENANT_CONCURRENCY", "0", /M365_MCP_GRAPH_TENANT_CONCURRENCY: must be >= 1 \(got 0\)/],
    ["M365_MCP_GRAPH_TENANT_CONCURRENCY", "65", /M365_MCP_GRAPH_TENANT_CONCURRENCY: must be <= 64 \(got 65\)/],
    ["M365_MCP_GRAPH_TENANT_CONCURRENCY", "eight", /M365_MCP_GRAPH_TENANT_CONCURRENCY: must be integer \(got "eight"\)/],
  ] as const) {
    it(`names ${name} when its value ${value} is invalid`, () => {
      assert.throws(() => loadConfig({ [name]: value }), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }

  it("accepts http only for a loopback Graph endpoint", () => {
    assert.equal(loadConfig({ M365_MCP_GRAPH_ENDPOINT: "http://127.0.0.1:4010" }).graphEndpoint.port, "4010");
  });
});

describe("Entra configuration", () => {
  const CLIENT = "c0ffee00-0000-4000-8000-00000000c11e";
  const PEM = "test/fixtures/credentials/app.pem";
  const entra = { M365_MCP_CLIENT_ID: CLIENT, M365_MCP_CLIENT_SECRET: "s3cret-value", M365_MCP_PUBLIC_URL: "https://mcp.contoso.com" };
  const invalid = (env: NodeJS.ProcessEnv, message: string): void => {
    assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && error.message === `Invalid configuration:\n  ${message}`);
  };

  it("is off without a client id", () => {
    assert.equal(loadConfig({}).entra, undefined);
  });

  it("reads a multi-tenant app with a secret, with the default audiences and scope", () => {
    const config = loadConfig(entra);
    assert.deepEqual(config.entra, {
      clientId: CLIENT,
      credential: { kind: "secret", secret: "s3cret-value" },
      authorityHost: new URL("https://login.microsoftonline.com"),
      tenant: "organizations",
      allowedTenants: [],
      audiences: [CLIENT, `api://${CLIENT}`],
      apiScope: "access_as_user",
      scopeUri: `api://${CLIENT}/access_as_user`,
      timeoutMs: 10000,
    });
    assert.equal(config.publicUrl?.href, "https://mcp.contoso.com/mcp");
  });

  it("takes the scope's resource from a configured Application ID URI", () => {
    const config = loadConfig({ ...entra, M365_MCP_API_AUDIENCES: "https://mcp.contoso.com/mcp, spare-audience" });
    assert.deepEqual(config.entra?.audiences, [CLIENT, `api://${CLIENT}`, "https://mcp.contoso.com/mcp", "spare-audience"]);
    assert.equal(config.entra.scopeUri, "https://mcp.contoso.com/mcp/access_as_user");
  });

  it("keeps a proxy path prefix and an explicit /mcp in the public URL", () => {
    assert.equal(loadConfig({ ...entra, M365_MCP_PUBLIC_URL: "https://contoso.com/m365/" }).publicUrl?.href, "https://contoso.com/m365/mcp");
    assert.equal(loadConfig({ ...entra, M365_MCP_PUBLIC_URL: "https://contoso.com/mcp" }).publicUrl?.href, "https://contoso.com/mcp");
  });

  it("limits a single-tenant app to its own tenant", () => {
    const tenant = "11111111-1111-4111-8111-111111111111";
    assert.deepEqual(loadConfig({ ...entra, M365_MCP_TENANT: tenant.toUpperCase() }).entra?.allowedTenants, [tenant]);
    invalid(
      { ...entra, M365_MCP_TENANT: tenant, M365_MCP_ALLOWED_TENANTS: "22222222-2222-4222-8222-222222222222" },
      `M365_MCP_ALLOWED_TENANTS: lists tenants other than M365_MCP_TENANT (${tenant}), which a single-tenant app never signs in`,
    );
  });

  it("reads a certificate and its key from a PEM file and computes the SHA-256 thumbprint", () => {
    const credential = loadConfig({ ...entra, M365_MCP_CLIENT_SECRET: undefined, M365_MCP_CLIENT_CERTIFICATE: PEM }).entra?.credential;
    assert.ok(credential?.kind === "certificate");
    assert.equal(credential.thumbprintSha256, "C7A1906D33F7919B53B8D6B14B02B98A4AD7EDCFB87B6169D2E00F2818108AF2");
    assert.match(credential.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
  });

  it("reads a certificate PEM given inline, with escaped newlines", () => {
    const inline = readFileSync(PEM, "utf8").replace(/\n/g, "\\n");
    assert.equal(loadConfig({ ...entra, M365_MCP_CLIENT_SECRET: undefined, M365_MCP_CLIENT_CERTIFICATE: inline }).entra?.credential.kind, "certificate");
  });

  it("refuses a certificate whose key belongs to another certificate", () => {
    const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(readFileSync(PEM, "utf8"))?.[0] ?? "";
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    invalid(
      { ...entra, M365_MCP_CLIENT_SECRET: undefined, M365_MCP_CLIENT_CERTIFICATE: `${certificate}\n${otherKey}` },
      "M365_MCP_CLIENT_CERTIFICATE: holds a private key that does not belong to its certificate",
    );
  });

  for (const [env, message] of [
    [{ M365_MCP_CLIENT_SECRET: "x" }, "M365_MCP_CLIENT_ID: is required when a client secret or certificate is set"],
    [{ ...entra, M365_MCP_CLIENT_CERTIFICATE: PEM }, "M365_MCP_CLIENT_SECRET: set either it or M365_MCP_CLIENT_CERTIFICATE, not both"],
    [{ ...entra, M365_MCP_CLIENT_SECRET: undefined }, "M365_MCP_CLIENT_CERTIFICATE: is required with M365_MCP_CLIENT_ID (or set M365_MCP_CLIENT_SECRET)"],
    [{ ...entra, M365_MCP_PUBLIC_URL: undefined }, "M365_MCP_PUBLIC_URL: is required with M365_MCP_CLIENT_ID: it is the resource clients ask tokens for"],
    [{ ...entra, M365_MCP_PUBLIC_URL: "http://mcp.contoso.com" }, "M365_MCP_PUBLIC_URL: must be https (http is accepted only for loopback hosts)"],
    [{ ...entra, M365_MCP_CLIENT_SECRET: undefined, M365_MCP_CLIENT_CERTIFICATE: "/no/such/file.pem" }, "M365_MCP_CLIENT_CERTIFICATE: is neither a PEM nor the path of a readable file"],
    [{ ...entra, M365_MCP_CLIENT_SECRET: undefined, M365_MCP_CLIENT_CERTIFICATE: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" }, "M365_MCP_CLIENT_CERTIFICATE: must hold both a CERTIFICATE and a PRIVATE KEY PEM block"],
    [{ ...entra, M365_MCP_CLIENT_ID: "my-app" }, 'M365_MCP_CLIENT_ID: must match pattern "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" (got "my-app")'],
    [{ ...entra, M365_MCP_TENANT: "common" }, 'M365_MCP_TENANT: must match pattern "^(organizations|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$" (got "common")'],
    [{ ...entra, M365_MCP_CACHE_KEY: "short" }, "M365_MCP_CACHE_KEY: must NOT have fewer than 32 characters"],
  ] as const) {
    it(`refuses ${JSON.stringify(env).slice(0, 90)}`, () => {
      invalid(env, message);
    });
  }

  it("never echoes a secret in an error", () => {
    assert.throws(() => loadConfig({ ...entra, M365_MCP_CURSOR_KEY: "hunter2" }), (error: unknown) => error instanceof Error && !error.message.includes("hunter2"));
  });

  it("derives a 32-byte cache key from M365_MCP_CACHE_KEY", () => {
    const a = loadConfig({ M365_MCP_CACHE_KEY: "k".repeat(40) });
    assert.equal(a.cacheKey.byteLength, 32);
    assert.equal(a.cacheKeyIsEphemeral, false);
    assert.deepEqual(a.cacheKey, loadConfig({ M365_MCP_CACHE_KEY: "k".repeat(40) }).cacheKey);
  });
});

describe("configuration file", () => {
  const write = (text: string): string => {
    const dir = mkdtempSync(join(tmpdir(), "m365-config-"));
    const path = join(dir, "config.yaml");
    writeFileSync(path, text);
    return path;
  };

  it("overrides the environment", () => {
    const config = loadConfig({ M365_MCP_PORT: "1234", M365_MCP_CONFIG_FILE: write("M365_MCP_PORT: 4321\nM365_MCP_LOG_LEVEL: debug\n") });
    assert.equal(config.port, 4321);
    assert.equal(config.logLevel, "debug");
  });

  for (const [text, problem] of [
    ["M365_MCP_PORTT: 1\n", "sets M365_MCP_PORTT, which is not a setting"],
    ["- a\n- b\n", "must be a mapping of M365_MCP_* names to values"],
    ["M365_MCP_ALLOWED_HOSTS: [a, b]\n", "sets M365_MCP_ALLOWED_HOSTS to a list; use a string or number"],
  ] as const) {
    it(`names the problem: ${problem}`, () => {
      const path = write(text);
      assert.throws(() => loadConfig({ M365_MCP_CONFIG_FILE: path }), (error: unknown) => error instanceof ConfigError && error.message === `Invalid configuration:\n  M365_MCP_CONFIG_FILE: ${path} ${problem}`);
    });
  }

  it("names an unreadable file", () => {
    assert.throws(() => loadConfig({ M365_MCP_CONFIG_FILE: "/no/such/config.yaml" }), /M365_MCP_CONFIG_FILE: cannot read \/no\/such\/config.yaml: ENOENT/);
  });
});
