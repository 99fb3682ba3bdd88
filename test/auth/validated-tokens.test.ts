// The validator keeps tokens that passed every check, by hash, until their exp and never past it, in a bounded
// cache; against the simulated Entra on its socket, with the validator's clock moved by the test.
import assert from "node:assert/strict";
import { TokenRejected, TokenValidator } from "../../src/auth/token-validator.js";
import { loadConfig, type EntraConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/logging/logger.js";
import { ALICE, ENTRA_ENV, useHarness } from "../support/harness.js";

const HOUR = 3600;

describe("validated-token cache", () => {
  const harness = useHarness();
  let clock = new Date();
  const entraConfig = (): EntraConfig => {
    const { entra } = loadConfig({ ...ENTRA_ENV, M365_MCP_AUTHORITY_HOST: harness().authorityHost });
    if (!entra) throw new Error("no Entra configuration");
    return entra;
  };
  const validator = (maxValidatedTokens?: number, maxValidatedBytes?: number): TokenValidator =>
    new TokenValidator(entraConfig(), createLogger("silent"), harness().fetch, {
      now: () => clock,
      ...(maxValidatedTokens ? { maxValidatedTokens } : {}),
      ...(maxValidatedBytes ? { maxValidatedBytes } : {}),
    });

  beforeEach(() => {
    clock = new Date();
  });

  it("answers a token it validated from the cache until exp, and then checks it again (past the skew, refuses it)", async () => {
    const tokens = validator();
    const token = await harness().entra.token(ALICE, { lifetimeSeconds: HOUR });
    const first = await tokens.validate(token);
    assert.equal(first.userId, ALICE.userId);
    assert.equal(tokens.cachedTokens, 1);
    clock = new Date(first.expiresAt * 1000 - 1000);
    assert.equal(await tokens.validate(token), first, "served from the cache");
    // After exp, inside jose's five minutes of clock skew: verified again, and not kept.
    clock = new Date(first.expiresAt * 1000 + 60_000);
    const again = await tokens.validate(token);
    assert.notEqual(again, first);
    assert.equal(tokens.cachedTokens, 0);
    // Past the skew the token is refused: a cached answer never outlives the token.
    clock = new Date(first.expiresAt * 1000 + 301_000);
    await assert.rejects(tokens.validate(token), (error: unknown) => error instanceof TokenRejected && error.reason === "expired");
  });

  it("keeps no refused token, and keeps at most its bound, dropping the least recently used", async () => {
    const tokens = validator(2);
    await assert.rejects(tokens.validate(await harness().entra.token(ALICE, { claims: { aud: "api://another-api" } })), TokenRejected);
    assert.equal(tokens.cachedTokens, 0);
    const [a, b, c] = await Promise.all([1, 2, 3].map((n) => harness().entra.token(ALICE, { claims: { uti: `token-${String(n)}` } })));
    assert.ok(a && b && c);
    const first = await tokens.validate(a);
    await tokens.validate(b);
    assert.equal(await tokens.validate(a), first, "a was used last, so b is the oldest");
    await tokens.validate(c);
    assert.equal(tokens.cachedTokens, 2);
    assert.equal(await tokens.validate(a), first, "a stayed");
  });

  it("keeps at most its bound in bytes, so tokens with large group claims cannot fill memory", async () => {
    // 200 group ids make a token's claims about 15 KB here; the bound holds two of them, not three.
    const groups = Array.from({ length: 200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const tokens = validator(undefined, 36_000);
    const [a, b, c] = await Promise.all([1, 2, 3].map((n) => harness().entra.token(ALICE, { claims: { uti: `groups-${String(n)}`, groups } })));
    assert.ok(a && b && c);
    const first = await tokens.validate(a);
    assert.equal(first.groups?.length, 200);
    await tokens.validate(b);
    assert.equal(tokens.cachedTokens, 2);
    await tokens.validate(c);
    assert.equal(tokens.cachedTokens, 2, "the oldest was dropped to stay within the bytes");
    assert.notEqual(await tokens.validate(a), first, "a, the oldest, was checked again");
  });
});
