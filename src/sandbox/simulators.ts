// Entra, Graph and a SharePoint file host, each simulated on its own loopback socket with its own origin, as a
// deployment has them: the server is pointed at them by its ordinary settings and trusts their certificate through
// its outbound pool, so no request takes a path that exists only for simulation.
import type { SimulatedEntra } from "./entra.js";
import type { GraphTokenCheck, SimulatedGraph } from "./graph.js";
import { SimulatorHost } from "./host.js";
import { simulatorCertificate } from "./certificate.js";

export interface SimulatorFactories<E extends SimulatedEntra, G extends SimulatedGraph> {
  /** The simulated Entra served at `authorityHost`, issuing Graph tokens for `graphResource`. */
  entra(authorityHost: string, graphResource: string): Promise<E>;
  graph(checkToken: GraphTokenCheck): G;
}

export interface SimulatorOptions {
  /** Graph over plain http on 127.0.0.1, as a deployment may reach a loopback proxy; https on localhost otherwise. */
  graphProtocol?: "https" | "http";
}

export interface Simulators<E extends SimulatedEntra, G extends SimulatedGraph> {
  entra: E;
  graph: G;
  /** Where Entra is served: the server's M365_MCP_AUTHORITY_HOST. */
  authorityHost: string;
  /** Where Graph is served: the server's M365_MCP_GRAPH_ENDPOINT. */
  graphEndpoint: string;
  /** The file host that Graph's /content redirects point to; its handler is the caller's to set. */
  files: SimulatorHost;
  /** The PEM certificate the three hosts serve, for the server's trusted certificates. */
  certificate: string;
  close(): Promise<void>;
}

export async function startSimulators<E extends SimulatedEntra, G extends SimulatedGraph>(
  make: SimulatorFactories<E, G>,
  options: SimulatorOptions = {},
): Promise<Simulators<E, G>> {
  const [entraHost, graphHost, files] = await Promise.all([SimulatorHost.start(), SimulatorHost.start({ protocol: options.graphProtocol ?? "https" }), SimulatorHost.start()]);
  const entra = await make.entra(entraHost.origin, graphHost.origin);
  const graph = make.graph((token) => entra.verifyGraphToken(token));
  entraHost.handler = entra.handler;
  graphHost.handler = graph.handler;
  return {
    entra,
    graph,
    authorityHost: entraHost.origin,
    graphEndpoint: graphHost.origin,
    files,
    certificate: (await simulatorCertificate()).cert,
    close: async () => {
      await Promise.all([entraHost.close(), graphHost.close(), files.close()]);
    },
  };
}
