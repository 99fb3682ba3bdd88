// Opaque paging cursors: signed (HS256 via jose), bound to one tool and one caller, and short-lived,
// so a client cannot forge one that reaches another path, host or user.
import { SignJWT, jwtVerify } from "jose";
import { InvalidInput } from "../failure.js";

export interface CursorState {
  /** The contract operation the cursor continues. */
  operation: string;
  /** A Graph @odata.nextLink, for operations Graph pages itself. */
  nextLink?: string;
  /** An offset, for /search/query which pages by from/size. */
  from?: number;
  /** The handler's own continuation (e.g. which fallback strategy is paging). */
  phase?: string;
}

const LIFETIME = "1h";
export const INVALID_CURSOR = "The cursor is invalid, expired, or belongs to another search; run the search again without a cursor.";

export class CursorCodec {
  constructor(
    private readonly key: Uint8Array,
    private readonly tool: string,
    private readonly caller: string,
  ) {}

  seal(state: CursorState): Promise<string> {
    return new SignJWT({ ...state })
      .setProtectedHeader({ alg: "HS256" })
      .setAudience(this.tool)
      .setSubject(this.caller)
      .setExpirationTime(LIFETIME)
      .sign(this.key);
  }

  async open(cursor: string, operations: readonly string[]): Promise<CursorState> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(cursor, this.key, { algorithms: ["HS256"], audience: this.tool, subject: this.caller }));
    } catch {
      throw new InvalidInput(INVALID_CURSOR);
    }
    const { operation, nextLink, from, phase } = payload;
    if (typeof operation !== "string" || !operations.includes(operation)) throw new InvalidInput(INVALID_CURSOR);
    if (nextLink !== undefined && typeof nextLink !== "string") throw new InvalidInput(INVALID_CURSOR);
    if (from !== undefined && (typeof from !== "number" || !Number.isInteger(from) || from < 0)) throw new InvalidInput(INVALID_CURSOR);
    if (phase !== undefined && typeof phase !== "string") throw new InvalidInput(INVALID_CURSOR);
    return { operation, ...(nextLink ? { nextLink } : {}), ...(from !== undefined ? { from } : {}), ...(phase ? { phase } : {}) };
  }
}
