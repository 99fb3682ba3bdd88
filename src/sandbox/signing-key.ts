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

export interface SandboxSigningKey {
  key: SigningKey;
  /** Why the key could not be saved, when it could not: then only this process knows it. */
  unsaved?: string;
}

async function fromStored(stored: StoredKey): Promise<SigningKey> {
  const privateKey = (await importJWK(stored.privateJwk, "RS256")) as CryptoKey;
  const { kty, n, e } = stored.privateJwk;
  return { kid: stored.kid, privateKey, jwk: { kty, n, e, kid: stored.kid, use: "sig", alg: "RS256" } };
}

const errnoOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

export async function sandboxSigningKey(env: NodeJS.ProcessEnv = process.env): Promise<SandboxSigningKey> {
  const dir = sandboxStateDir(env);
  const file = join(dir, "sandbox-signing-key.json");
  try {
    return { key: await fromStored(JSON.parse(readFileSync(file, "utf8")) as StoredKey) };
  } catch {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const stored: StoredKey = { kid: `sandbox-${randomUUID()}`, privateJwk: await exportJWK(privateKey) };
    const key = await fromStored(stored);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
      return { key };
    } catch (error) {
      // A read-only or missing home (common in containers) must not stop the sandbox: the key lives in memory.
      return { key, unsaved: `its signing key cannot be saved in ${file} (${errnoOf(error)})` };
    }
  }
}
