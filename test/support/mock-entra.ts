// The tests' Entra: the sandbox's simulated Entra for one test app, plus what tests need to break it: failed or
// slow token exchanges, unavailable keys, and tokens signed with a key Entra does not publish.
import { delay } from "msw";
import { signingKey, SimulatedEntra, tokenError, type SigningKey, type SimulatedUser, type TokenFailure, type TokenOptions } from "../../src/sandbox/entra.js";

export type { TokenFailure, TokenRequest } from "../../src/sandbox/entra.js";
export type TestUser = SimulatedUser;

export const ENTRA_HOST = "https://login.microsoftonline.com";
export const CLIENT_ID = "c0ffee00-0000-4000-8000-00000000c11e";
export const CLIENT_SECRET = "test-client-secret-value";
export const API_SCOPE = "access_as_user";

export interface TestTokenOptions extends TokenOptions {
  /** Sign with a key Entra does not publish. */
  rogueKey?: boolean;
}

/** Another authority than the public cloud's, and the v1.0 issuer its documents advertise. */
export interface MockAuthority {
  authorityHost: string;
  v1Issuer?: string;
}

export class MockEntra extends SimulatedEntra {
  private readonly failures: TokenFailure[] = [];
  /** Per version: undefined takes the document down, a string replaces its issuer. */
  private readonly advertised = new Map<"1.0" | "2.0", string | undefined>();
  private tokenDelayMs = 0;
  private keysDown = false;
  private rogue: SigningKey | undefined;

  static async create(authority: MockAuthority = { authorityHost: ENTRA_HOST }): Promise<MockEntra> {
    const entra = new MockEntra(
      { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, apiScope: API_SCOPE, graphResource: "https://graph.microsoft.com", ...authority },
      await signingKey(),
    );
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

  /** A version's discovery document answers 503 until restored. */
  takeDiscoveryDown(version: "1.0" | "2.0"): void {
    this.advertised.set(version, undefined);
  }

  /** A version's discovery document advertises this issuer until restored; the tokens keep their own. */
  advertiseIssuer(version: "1.0" | "2.0", issuer: string): void {
    this.advertised.set(version, issuer);
  }

  restoreDiscovery(): void {
    this.advertised.clear();
  }

  reset(): void {
    this.discoveryRequests.length = 0;
    this.tokenRequests.length = 0;
    this.keyRequests.length = 0;
    this.failures.length = 0;
    this.tokenDelayMs = 0;
    this.keysDown = false;
  }

  protected override async interrupt(): Promise<Response | undefined> {
    if (this.tokenDelayMs) await delay(this.tokenDelayMs);
    const failure = this.failures.shift();
    return failure ? tokenError(failure) : undefined;
  }

  protected override advertisedIssuer(version: "1.0" | "2.0", tenant: string): string | undefined {
    return this.advertised.has(version) ? this.advertised.get(version) : super.advertisedIssuer(version, tenant);
  }

  protected override keysAvailable(): boolean {
    return !this.keysDown;
  }
}
