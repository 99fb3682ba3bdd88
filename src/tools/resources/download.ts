// A file's bytes, for text extraction. Graph answers /content with a 302 to a short-lived, pre-authenticated URL on
// another host (SharePoint or *.files.1drv.com). We stop at that 302 (GraphClient.redirectTarget) and fetch the URL
// ourselves instead of letting Kiota's RedirectHandler follow it: Kiota would drop the token cross-host too, but its
// RetryHandler sits outside the redirect and re-sends a throttled download to the Graph URL with the token already
// scrubbed, and it can neither stream with a byte limit nor stop on the tool call's abort signal. Our fetch carries no
// credentials at all, accepts https only, and is never retried.
import { getDriveItemContent } from "../../../generated/graph-client.js";
import { ToolInputError, type ToolContext } from "../types.js";
import { byteSize } from "./document.js";

export interface DownloadTarget {
  driveId: string;
  itemId: string;
  /** The file name errors and progress messages show. */
  name: string;
  /** The size Graph's metadata reports; checked before downloading, and the scale of download progress. */
  size: number | undefined;
}

/** Download progress runs from 0 to this share of the whole read; extraction takes the rest. */
export const DOWNLOAD_SHARE = 80;
/** The download host may redirect again (same rules: https, no credentials), but not indefinitely. */
const MAX_REDIRECTS = 3;

/** "50 MB": the operator's limit as they set it, in whole megabytes when it is one. */
export function limitText(maxBytes: number): string {
  const mb = maxBytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

function tooLarge(name: string, maxBytes: number, size?: number): ToolInputError {
  const limit = limitText(maxBytes);
  const what = size === undefined ? `is larger than ${limit} (the download went past it)` : `is ${byteSize(size) ?? ""}`;
  return new ToolInputError(`${name} ${what}; this server reads files up to ${limit} (M365_MCP_MAX_FILE_MB).`);
}

/** Refuses a file whose reported size is over the limit, before anything is downloaded. */
export function checkSize(target: DownloadTarget, maxBytes: number): void {
  if (target.size !== undefined && target.size > maxBytes) throw tooLarge(target.name, maxBytes, target.size);
}

function hostFailure(name: string, status: number): ToolInputError {
  const advice =
    status === 401 || status === 403
      ? "the download link may have expired or the file may be blocked; try again, or open the web link"
      : status === 404
        ? "the file may have been deleted or moved since"
        : status >= 500 || status === 429
          ? "a temporary failure; try again later"
          : "open the web link to see the file";
  return new ToolInputError(`Could not download ${name}: the file host answered HTTP ${status} (${advice}).`);
}

/** Releases a body we will not read. Not awaited: a tee'd body (e.g. under a proxy or interceptor) only settles once every branch is cancelled. */
function discard(body: ReadableStream<Uint8Array> | null): void {
  body?.cancel().catch(() => undefined);
}

function cancelled(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === "AbortError");
}

/** GETs the download URL without credentials, following at most a few https redirects. */
async function fetchDownload(location: string, target: DownloadTarget, signal: AbortSignal): Promise<Response> {
  let url = location;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ToolInputError(`Could not download ${target.name}: the download address is not a URL.`);
    }
    if (parsed.protocol !== "https:") throw new ToolInputError(`Could not download ${target.name}: the download address is not https, so it was not fetched.`);
    let response: Response;
    try {
      response = await fetch(parsed, { redirect: "manual", credentials: "omit", signal });
    } catch (error) {
      if (cancelled(error, signal)) throw new ToolInputError("The read was cancelled.");
      throw new ToolInputError(`Could not download ${target.name}: the file host could not be reached; try again later.`);
    }
    const next = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
    if (next === null) return response;
    discard(response.body);
    url = new URL(next, parsed).href;
  }
  throw new ToolInputError(`Could not download ${target.name}: the file host redirected more than ${MAX_REDIRECTS} times.`);
}

/** Reads the body chunk by chunk, stopping as soon as it passes maxBytes (the reported size can be wrong). */
async function readLimited(response: Response, target: DownloadTarget, maxBytes: number, ctx: ToolContext): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(response.body);
    throw tooLarge(target.name, maxBytes, declared);
  }
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  let reported = 0;
  // Aborting the fetch normally errors its body, but not every body honours it (a proxied or intercepted stream):
  // cancelling the reader ends a pending read either way.
  const stop = (): void => {
    reader.cancel().catch(() => undefined);
  };
  ctx.signal.addEventListener("abort", stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        reader.cancel().catch(() => undefined);
        throw tooLarge(target.name, maxBytes);
      }
      chunks.push(value);
      // At most ten updates, and none once the whole reported size is in (extraction's update comes next).
      if (target.size && received < target.size) {
        const share = Math.floor((DOWNLOAD_SHARE * received) / target.size);
        if (share - reported >= DOWNLOAD_SHARE / 10) {
          reported = share;
          await ctx.progress(share, 100, `Downloaded ${byteSize(received) ?? ""} of ${byteSize(target.size) ?? ""}`);
        }
      }
    }
  } catch (error) {
    if (error instanceof ToolInputError) throw error;
    if (cancelled(error, ctx.signal)) throw new ToolInputError("The read was cancelled.");
    throw new ToolInputError(`Could not download ${target.name}: the connection to the file host broke off; try again.`);
  } finally {
    ctx.signal.removeEventListener("abort", stop);
  }
  if (ctx.signal.aborted) throw new ToolInputError("The read was cancelled.");
  return Buffer.concat(chunks, received);
}

/** Downloads a file's bytes, refusing files over ctx.files.maxFileBytes before and while downloading. */
export async function downloadFile(target: DownloadTarget, ctx: ToolContext): Promise<Uint8Array> {
  const maxBytes = ctx.files.maxFileBytes;
  checkSize(target, maxBytes);
  await ctx.progress(0, 100, `Downloading ${target.name}${target.size === undefined ? "" : ` (${byteSize(target.size) ?? ""})`}`);
  const location = await getDriveItemContent(ctx.graph, { path: { "drive-id": target.driveId, "driveItem-id": target.itemId } });
  if (location === undefined) throw new ToolInputError(`Could not download ${target.name}: Graph gave no download address.`);
  const response = await fetchDownload(location, target, ctx.signal);
  if (!response.ok) {
    discard(response.body);
    throw hostFailure(target.name, response.status);
  }
  return readLimited(response, target, maxBytes, ctx);
}
