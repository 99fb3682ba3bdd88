// Serves a simulation (Entra, Graph, a file host) on a real loopback socket, so the server reaches it exactly as a
// deployment reaches Microsoft: by URL, through its own outbound pool, over TLS it verifies.
import { once } from "node:events";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { simulatorCertificate } from "./certificate.js";

/** A simulation's whole surface: one Web request in, one response out; `Response.error()` drops the connection. */
export type Handler = (request: Request) => Promise<Response> | Response;

export interface HostOptions {
  /** https (the default) with the process's simulator certificate, on https://localhost:PORT; or plain http on 127.0.0.1. */
  protocol?: "https" | "http";
}

const notFound: Handler = () => Response.json({ error: { code: "NotFound", message: "Nothing is served here." } }, { status: 404 });

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? "/", origin), { method: req.method ?? "GET", headers, ...(body ? { body } : {}) });
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  if (response.type === "error") {
    res.socket?.destroy();
    return;
  }
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    res.end();
    return;
  }
  // A client that goes away mid-body ends the stream; that is the client's choice, not a simulator fault.
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream), res).catch(() => undefined);
}

export class SimulatorHost {
  /** What the host answers with; set once the simulation that needs the host's origin exists. */
  handler: Handler = notFound;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(options: HostOptions = {}): Promise<SimulatorHost> {
    const https = (options.protocol ?? "https") === "https";
    const server = https ? createHttpsServer(await simulatorCertificate()) : createHttpServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const host = new SimulatorHost(server, https ? `https://localhost:${port}` : `http://127.0.0.1:${port}`);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      void host.serve(req, res);
    });
    return host;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let response: Response;
    try {
      response = await this.handler(await toRequest(req, this.origin));
    } catch (error) {
      response = Response.json({ error: { code: "SimulatorFault", message: (error as Error).message } }, { status: 500 });
    }
    await send(response, res);
  }

  close(): Promise<void> {
    const closed = once(this.server, "close").then(() => undefined);
    this.server.close();
    this.server.closeAllConnections();
    return closed;
  }
}

/** One route of a simulation: a method and a path pattern, answered from the pattern's groups. */
export interface Route {
  method: string;
  path: RegExp;
  answer: (groups: Record<string, string>, request: Request) => Promise<Response> | Response;
}

/** A handler that answers each request from the first route whose method and path match, and 404 otherwise. */
export function router(routes: readonly Route[], fallback: Handler = notFound): Handler {
  return (request) => {
    const { pathname } = new URL(request.url);
    for (const route of routes) {
      const match = request.method === route.method ? route.path.exec(pathname) : null;
      if (match) return route.answer(Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)])), request);
    }
    return fallback(request);
  };
}
