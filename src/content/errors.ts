import { Failure, type FailureDetails, type FailureKind } from "../failure.js";

/** What an extraction failure can be: mostly the file's fault, sometimes its size, the clock or the caller. */
export type ExtractionFailureKind = Extract<FailureKind, "content_unreadable" | "too_large" | "timeout" | "cancelled" | "internal">;

/** Why a file was not read, for the audit: `code` says why without saying anything of the content. */
export interface ExtractionFailure extends FailureDetails {
  code: string;
  kind?: ExtractionFailureKind;
}

/** A file whose text cannot be read; the message is shown to the user as is, so it says what to do instead. */
export class ExtractionError extends Failure {
  override name = "ExtractionError";
  declare readonly kind: ExtractionFailureKind;

  constructor(message: string, { kind = "content_unreadable", ...details }: ExtractionFailure) {
    super(kind, message, details);
  }
}
