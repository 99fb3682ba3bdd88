/** A file whose text cannot be read; the message is shown to the user as is, so it says what to do instead. */
export class ExtractionError extends Error {
  override name = "ExtractionError";
}
