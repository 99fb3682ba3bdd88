// The tests' Entra: the sandbox's simulated Entra for one test app, plus what tests need to break it: failed or
// slow token exchanges, unavailable keys, and tokens signed with a key Entra does not publish.
import { setTimeout as delay } from "node:timers/promises";
import { signingKey, SimulatedEntra, tokenError, type SigningKey, type SimulatedApp, type SimulatedUser, type TokenFailure, type TokenOptions } from "../../src/sandbox/entra.js";

export type { TokenFailure, TokenRequest } from "../../src/sandbox/entra.js";
export type TestUser = SimulatedUser;

export const CLIENT_ID = "c0ffee00-0000-4000-8000-00000000c11e";
export const CLIENT_SECRET = "test-client-secret-value";
export const API_SCOPE = "access_as_user";

/** The issuer hosts a test Entra's tokens and discovery documents name, when not the defaults. */
export type Issuers = Pick<SimulatedApp, "issuerHost" | "v1IssuerHost">;

export interface TestTokenOptions extends TokenOptions {
  /** Sign with a key Entra does not publish. */
  rogueKey?: boolean;
}

export class MockEntra extends SimulatedEntra {
  private readonly failures: TokenFailure[] = [];
  private tokenDelayMs = 0;
  private keysDown = false;
  private readonly discoveryDown = new Set<string>();
  private rogue: SigningKey | undefined;

  /** The tests' Entra, served at `authorityHost` and issuing Graph tokens for `graphResource`; `issuers` overrides the hosts its tokens and documents name. */
  static async create(authorityHost: string, graphResource: string, identifierUris: readonly string[] = [], issuers: Issuers = {}): Promise<MockEntra> {
    const entra = new MockEntra({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, apiScope: API_SCOPE, authorityHost, graphResource, identifierUris, ...issuers }, await signingKey());
    entra.rogue = await signingKey();
    return entra;
  }

  override token(user: TestUser, options: TestTokenOptions = {}): Promise<string> {
    return options.rogueKey && this.rogue ? this.sign(user, options, this.rogue) : super.token(user, options);
  }

  /** The next `times` token requests fail this way (a client's connect alone makes two requests). */
  failNextExchange(failure: TokenFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  delayExchanges(ms: number): void {
    this.tokenDelayMs = ms;
  }

  takeKeysDown(down: boolean): void {
    this.keysDown = down;
  }

  /** While down, the version's OpenID configuration document answers 503. */
  takeDiscoveryDown(version: "1.0" | "2.0", down: boolean): void {
    if (down) this.discoveryDown.add(version);
    else this.discoveryDown.delete(version);
  }

  reset(): void {
    this.tokenRequests.length = 0;
    this.keyRequests.length = 0;
    this.discoveryRequests.length = 0;
    this.discoveryDown.clear();
    this.failures.length = 0;
    this.tokenDelayMs = 0;
    this.keysDown = false;
  }

  protected override async interrupt(): Promise<Response | undefined> {
    if (this.tokenDelayMs) await delay(this.tokenDelayMs);
    const failure = this.failures.shift();
    return failure ? tokenError(failure) : undefined;
  }

  protected override keysAvailable(): boolean {
    return !this.keysDown;
  }

  protected override discoveryAvailable(version: "1.0" | "2.0"): boolean {
    return !this.discoveryDown.has(version);
  }
}
