// A Graph client for the server's lower layers (policy, groups) against the simulated Graph on its own socket,
// carrying a real Graph token from the simulated Entra, without a whole server in front.
import { GraphHttp, type GraphClient, type GraphHttpOptions } from "../../src/graph/client.js";
import { Outbound } from "../../src/net/outbound.js";
import { SimulatedGraph } from "../../src/sandbox/graph.js";
import { startSimulators, type Simulators } from "../../src/sandbox/simulators.js";
import { ALICE, type TestUser } from "./harness.js";
import { checkEachTest } from "./end-of-test.js";
import { MockEntra } from "./mock-entra.js";
import { takeGraphProblems } from "./mock-graph.js";

export interface SimulatedGraphClient {
  graph: SimulatedGraph;
  /** A new client acting as `user` (Alice by default). */
  client(user?: TestUser): GraphClient;
}

/**
 * Registers the mocha hooks: simulators for the suite, and per test mocks reset and the Graph checked: a contract
 * violation or an unauthenticated Graph request fails the test that caused it, and the suite goes on.
 */
export function useGraphClient(options: GraphHttpOptions = {}): () => SimulatedGraphClient {
  let simulators: Simulators<MockEntra, SimulatedGraph> | undefined;
  let outbound: Outbound | undefined;
  let http: GraphHttp | undefined;
  before(async () => {
    simulators = await startSimulators({ entra: (authorityHost, graphResource) => MockEntra.create(authorityHost, graphResource), graph: (check) => new SimulatedGraph(check) });
    outbound = new Outbound({ extraCertificates: [simulators.certificate] });
    http = new GraphHttp(new URL(simulators.graphEndpoint), outbound, options);
  });
  checkEachTest(() => takeGraphProblems(simulators?.graph));
  afterEach(() => {
    simulators?.graph.reset();
  });
  after(async () => {
    await outbound?.close();
    await simulators?.close();
  });
  return () => {
    const sims = simulators;
    const graphHttp = http;
    if (!sims || !graphHttp) throw new Error("simulators not started");
    return {
      graph: sims.graph,
      client: (user = ALICE) => graphHttp.clientFor({ graphToken: () => sims.entra.graphToken(user) }),
    };
  };
}
