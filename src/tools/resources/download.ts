// A file's bytes, for text extraction. Graph answers /content with a 302 to a short-lived, pre-authenticated URL on
// another host (SharePoint or *.files.1drv.com). We stop at that 302 (GraphClient.redirectTarget) and fetch the URL
// ourselves instead of letting Kiota's RedirectHandler follow it: Kiota would drop the token cross-host too, but its
// RetryHandler sits outside the redirect and re-sends a throttled download to the Graph URL with the token already
// scrubbed, and it can neither stream with a byte limit nor stop on the tool call's abort signal. Our fetch carries no
// credentials at all, accepts https only, and is never retried. Its deadline is M365_MCP_GRAPH_TIMEOUT_MS (the same
// one the Graph request before it has), and every download in the process shares one memory budget.
import { getDriveItemContent } from "../../../generated/graph-client.js";
import { Cancelled, Failure, type FailureKind } from "../../failure.js";
import { secondsText } from "../../graph/errors.js";
import { fetchFailure } from "../../net/outbound.js";
import type { ToolContext } from "../types.js";
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
/** Downloads in progress may hold this many maximum-size files' bytes at once, across every caller. */
export const BUDGET_FILES = 4;

/** A share of the budget; it may grow when a file turns out larger than its metadata said. */
interface Lease {
  grow(toBytes: number): boolean;
  release(): void;
}

/**
 * The bytes downloads hold, process-wide, so concurrent reads cannot exhaust memory: a read that does not fit waits its
 * turn (first come, first served) until the bytes are free or its signal aborts.
 */
class ByteBudget {
  private held = 0;
  private readonly queue: { bytes: number; limit: number; grant: () => void }[] = [];

  take(bytes: number, limit: number, signal: AbortSignal): Promise<Lease> {
    if (signal.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    if (this.queue.length === 0 && this.held + bytes <= limit) return Promise.resolve(this.lease(bytes, limit));
    return new Promise<Lease>((resolve, reject) => {
      const entry = {
        bytes,
        limit,
        grant: () => {
          signal.removeEventListener("abort", giveUp);
          resolve(this.lease(bytes, limit));
        },
      };
      const giveUp = (): void => {
        this.queue.splice(this.queue.indexOf(entry), 1);
        this.pump();
        reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
      };
      signal.addEventListener("abort", giveUp, { once: true });
      this.queue.push(entry);
    });
  }

  private lease(bytes: number, limit: number): Lease {
    this.held += bytes;
    let size = bytes;
    let released = false;
    return {
      grow: (toBytes) => {
        if (toBytes <= size) return true;
        if (this.held + toBytes - size > limit) return false;
        this.held += toBytes - size;
        size = toBytes;
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        this.held -= size;
        this.pump();
      },
    };
  }

  private pump(): void {
    for (let next = this.queue[0]; next && this.held + next.bytes <= next.limit; next = this.queue[0]) {
      this.queue.shift();
      next.grant();
    }
  }
}

const budget = new ByteBudget();

// The byte budget, not Microsoft 365: this server is reading as much as it allows at once.
const busy = (): Failure => new Failure("throttled", "The server is busy reading other files; try again shortly.", { code: "download_budget" });

/** "50 MB": the operator's limit as they set it, in whole megabytes when it is one. */
export function limitText(maxBytes: number): string {
  const mb = maxBytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

function tooLarge(name: string, maxBytes: number, size?: number): Failure {
  const limit = limitText(maxBytes);
  const what = size === undefined ? `is larger than ${limit} (the download went past it)` : `is ${byteSize(size) ?? ""}`;
  return new Failure("too_large", `${name} ${what}; this server reads files up to ${limit} (M365_MCP_MAX_FILE_MB).`, { code: "file_size", limit: maxBytes, ...(size === undefined ? {} : { size }) });
}

/** Refuses a file whose reported size is over the limit, before anything is downloaded. */
export function checkSize(target: DownloadTarget, maxBytes: number): void {
  if (target.size !== undefined && target.size > maxBytes) throw tooLarge(target.name, maxBytes, target.size);
}

/** The kind of a file host's error status, as a Graph one would be. */
function hostKind(status: number): FailureKind {
  if (status === 401 || status === 403) return "access_denied";
  if (status === 404 || status === 410) return "not_found";
  if (status === 429) return "throttled";
  return "unavailable";
}

function hostFailure(name: string, status: number): Failure {
  const advice =
    status === 401 || status === 403
      ? "the download link may have expired or the file may be blocked; try again, or open the web link"
      : status === 404
        ? "the file may have been deleted or moved since"
        : status >= 500 || status === 429
          ? "a temporary failure; try again later"
          : "open the web link to see the file";
  return new Failure(hostKind(status), `Could not download ${name}: the file host answered HTTP ${status} (${advice}).`, { code: `file_host_${status}` });
}

/** Graph or the file host pointed the download somewhere it cannot be fetched from. */
const badAddress = (message: string): Failure => new Failure("unavailable", message, { code: "bad_download_address" });

/** Releases a body we will not read. Not awaited: a tee'd body (e.g. under a proxy or interceptor) only settles once every branch is cancelled. */
function discard(body: ReadableStream<Uint8Array> | null): void {
  body?.cancel().catch(() => undefined);
}

/** One download's stop conditions: the tool call's cancellation and the deadline. */
interface Stops {
  ctx: ToolContext;
  deadline: AbortSignal;
  /** Either of them. */
  signal: AbortSignal;
}

/** Why the download stopped, when it was stopped rather than failed. */
function stopped(target: DownloadTarget, stops: Stops): Error | undefined {
  if (stops.ctx.signal.aborted) return new Cancelled("The read was cancelled.");
  if (stops.deadline.aborted) {
    return new Failure("timeout", `Could not download ${target.name}: the file host did not send it within ${secondsText(stops.ctx.graph.timeoutMs)}; try again.`, { code: "file_host_timeout", limit: stops.ctx.graph.timeoutMs });
  }
  return undefined;
}

/** GETs the download URL without credentials, following at most a few https redirects. */
async function fetchDownload(location: string, target: DownloadTarget, stops: Stops): Promise<Response> {
  let url = location;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badAddress(`Could not download ${target.name}: the download address is not a URL.`);
    }
    if (parsed.protocol !== "https:") throw badAddress(`Could not download ${target.name}: the download address is not https, so it was not fetched.`);
    let response: Response;
    try {
      response = await stops.ctx.graph.fetch(parsed, { redirect: "manual", signal: stops.signal });
    } catch (error) {
      const reason = stopped(target, stops);
      if (reason) throw reason;
      // The host and the network's reason only: the download address carries a pre-authenticated token.
      stops.ctx.logger.warn({ host: parsed.host, problem: fetchFailure(parsed, error, stops.ctx.graph.timeoutMs).problem }, "file download failed");
      throw new Failure("unavailable", `Could not download ${target.name}: the file host could not be reached; try again later.`, { code: "file_host_unreachable" });
    }
    const next = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
    if (next === null) return response;
    discard(response.body);
    url = new URL(next, parsed).href;
  }
  throw badAddress(`Could not download ${target.name}: the file host redirected more than ${MAX_REDIRECTS} times.`);
}

/**
 * Reads the body chunk by chunk, stopping as soon as it passes maxBytes (the reported size can be wrong), and growing
 * the budget lease past what the metadata said when it must: that never waits, it fails if others hold the bytes.
 */
async function readLimited(response: Response, target: DownloadTarget, maxBytes: number, lease: Lease, stops: Stops): Promise<Uint8Array> {
  const { ctx } = stops;
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(response.body);
    throw tooLarge(target.name, maxBytes, declared);
  }
  if (Number.isFinite(declared) && !lease.grow(declared)) {
    discard(response.body);
    throw busy();
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
  stops.signal.addEventListener("abort", stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        reader.cancel().catch(() => undefined);
        throw tooLarge(target.name, maxBytes);
      }
      if (!lease.grow(received)) {
        reader.cancel().catch(() => undefined);
        throw busy();
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
    if (error instanceof Failure) throw error;
    throw stopped(target, stops) ?? new Failure("unavailable", `Could not download ${target.name}: the connection to the file host broke off; try again.`, { code: "file_host_broke_off" });
  } finally {
    stops.signal.removeEventListener("abort", stop);
  }
  const reason = stopped(target, stops);
  if (reason) throw reason;
  return Buffer.concat(chunks, received);
}

/**
 * Waits for the file's share of the download budget (its reported size, or the limit), at most half the deadline: a
 * read that then still has to download should stay near the deadline, and a busy server should say so promptly.
 */
async function takeBudget(target: DownloadTarget, maxBytes: number, ctx: ToolContext): Promise<Lease> {
  const deadline = AbortSignal.timeout(ctx.graph.timeoutMs / 2);
  try {
    return await budget.take(Math.min(target.size ?? maxBytes, maxBytes), BUDGET_FILES * maxBytes, AbortSignal.any([deadline, ctx.signal]));
  } catch {
    if (ctx.signal.aborted) throw new Cancelled("The read was cancelled.");
    throw busy();
  }
}

/**
 * Downloads a file's bytes, refusing files over ctx.files.maxFileBytes before and while downloading, and hands them to
 * `use` (text extraction): the bytes count against the download budget until it settles.
 */
export async function withDownload<T>(target: DownloadTarget, ctx: ToolContext, use: (bytes: Uint8Array) => Promise<T>): Promise<T> {
  const maxBytes = ctx.files.maxFileBytes;
  checkSize(target, maxBytes);
  const lease = await takeBudget(target, maxBytes, ctx);
  try {
    await ctx.progress(0, 100, `Downloading ${target.name}${target.size === undefined ? "" : ` (${byteSize(target.size) ?? ""})`}`);
    const location = await getDriveItemContent(ctx.graph, { path: { "drive-id": target.driveId, "driveItem-id": target.itemId } });
    if (location === undefined) throw badAddress(`Could not download ${target.name}: Graph gave no download address.`);
    const deadline = AbortSignal.timeout(ctx.graph.timeoutMs);
    const stops: Stops = { ctx, deadline, signal: AbortSignal.any([deadline, ctx.signal]) };
    const response = await fetchDownload(location, target, stops);
    if (!response.ok) {
      discard(response.body);
      throw hostFailure(target.name, response.status);
    }
    return await use(await readLimited(response, target, maxBytes, lease, stops));
  } finally {
    lease.release();
  }
}
