// RFC 6750 / RFC 9728 challenges: every 401 tells the client where the protected-resource metadata is and
// which scope to ask for, so an MCP client can start (or repeat) sign-in on its own.

export interface ChallengeError {
  error: "invalid_token" | "insufficient_scope" | "insufficient_claims";
  description?: string;
  /** Base64 claims a conditional-access or MFA challenge asks the client to request. */
  claims?: string;
}

/** A quoted-string parameter must not carry quotes, backslashes or control characters. */
const quoted = (value: string): string => `"${value.replace(/[\\"\p{Cc}]/gu, " ")}"`;

export class ResourceChallenge {
  constructor(
    private readonly metadataUrl: string,
    private readonly scope: string,
  ) {}

  header(error?: ChallengeError): string {
    const params: Array<[string, string]> = [];
    if (error) {
      params.push(["error", error.error]);
      if (error.description) params.push(["error_description", error.description]);
      if (error.claims) params.push(["claims", error.claims]);
    }
    params.push(["resource_metadata", this.metadataUrl], ["scope", this.scope]);
    return `Bearer ${params.map(([name, value]) => `${name}=${quoted(value)}`).join(", ")}`;
  }
}
