// A Graph client for the server's lower layers (policy, groups) against the simulated Graph on its own socket,
// carrying a real Graph token from the simulated Entra, without a whole server in front.
import assert from "node:assert/strict";
import { GraphHttp, type GraphClient, type GraphHttpOptions } from "../../src/graph/client.js";
import { Outbound } from "../../src/net/outbound.js";
import { SimulatedGraph } from "../../src/sandbox/graph.js";
import { startSimulators, type Simulators } from "../../src/sandbox/simulators.js";
import { ALICE, type TestUser } from "./harness.js";
import { MockEntra } from "./mock-entra.js";

export interface SimulatedGraphClient {
  graph: SimulatedGraph;
  /** A new client acting as `user` (Alice by default). */
  client(user?: TestUser): GraphClient;
}

/** Registers the mocha hooks: simulators for the suite, mocks reset and contract violations checked per test. */
export function useGraphClient(options: GraphHttpOptions = {}): () => SimulatedGraphClient {
  let simulators: Simulators<MockEntra, SimulatedGraph> | undefined;
  let outbound: Outbound | undefined;
  let http: GraphHttp | undefined;
  before(async () => {
    simulators = await startSimulators({ entra: (authorityHost, graphResource) => MockEntra.create(authorityHost, graphResource), graph: (check) => new SimulatedGraph(check) });
    outbound = new Outbound({ extraCertificates: [simulators.certificate] });
    http = new GraphHttp(new URL(simulators.graphEndpoint), outbound, options);
  });
  afterEach(async () => {
    await simulators?.graph.idle();
    const violations = [...(simulators?.graph.violations ?? [])];
    const unauthenticated = [...(simulators?.graph.unauthenticated ?? [])];
    simulators?.graph.reset();
    assert.deepEqual(violations, [], "requests and mocks must match the Graph contract");
    assert.deepEqual(unauthenticated, [], "every Graph request must carry a valid Graph token");
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
