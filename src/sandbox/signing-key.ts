// The sandbox's token-signing key, kept per machine so `m365-mcp token` (another process) mints tokens that a
// running sandbox accepts. It signs only sandbox tokens, which reach only simulated tenants.
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import type { SigningKey } from "./entra.js";

/** ~/.local/state/m365-mcp (or $XDG_STATE_HOME/m365-mcp). */
export function sandboxStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env["XDG_STATE_HOME"] || join(homedir(), ".local", "state"), "m365-mcp");
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
}

async function fromStored(stored: StoredKey): Promise<SigningKey> {
  const privateKey = (await importJWK(stored.privateJwk, "RS256")) as CryptoKey;
  const { kty, n, e } = stored.privateJwk;
  return { kid: stored.kid, privateKey, jwk: { kty, n, e, kid: stored.kid, use: "sig", alg: "RS256" } };
}

export async function sandboxSigningKey(env: NodeJS.ProcessEnv = process.env): Promise<SigningKey> {
  const dir = sandboxStateDir(env);
  const file = join(dir, "sandbox-signing-key.json");
  try {
    return await fromStored(JSON.parse(readFileSync(file, "utf8")) as StoredKey);
  } catch {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const stored: StoredKey = { kid: `sandbox-${randomUUID()}`, privateJwk: await exportJWK(privateKey) };
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
    return fromStored(stored);
  }
}
