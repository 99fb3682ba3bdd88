// The seeded sandbox tenants behind the real server, seeded at one fixed moment, for suites that check what a model
// reads: the same seed always gives the same ids, text and dates, so answers can be compared exactly.
import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { SANDBOX_USERS, seedSandbox } from "../../src/sandbox/tenant.js";
import { checkEachTest } from "./end-of-test.js";
import { startHarness, textOf, type Harness } from "./harness.js";
import { takeGraphProblems } from "./mock-graph.js";

/** Wednesday 25 November 2026, 17:00 UTC: the seed's "now". Tool calls give explicit dates around it. */
export const SANDBOX_NOW = new Date("2026-11-25T17:00:00Z");

export type SandboxUser = "adele" | "alex" | "megan";

export interface Sandbox {
  harness: Harness;
  /** Calls a tool as a sandbox user on a fresh client. */
  call(user: SandboxUser, name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** Calls a tool, asserts it succeeded, and returns the text of its answer. */
  text(user: SandboxUser, name: string, args: Record<string, unknown>): Promise<string>;
}

/** One seeded server for the suite; every test fails on any Graph contract violation it caused. */
export function useSandbox(): () => Sandbox {
  let sandbox: Sandbox | undefined;
  before(async () => {
    const harness = await startHarness();
    seedSandbox(harness.graph, harness.files, SANDBOX_NOW);
    const [adele, alex, megan] = SANDBOX_USERS;
    assert.ok(adele && alex && megan);
    harness.auth.add("adele", adele).add("alex", alex).add("megan", megan);
    const call = async (user: SandboxUser, name: string, args: Record<string, unknown>): Promise<CallToolResult> => {
      const client = await harness.connect(user);
      return await client.callTool({ name, arguments: args });
    };
    sandbox = {
      harness,
      call,
      async text(user, name, args) {
        const result = await call(user, name, args);
        assert.equal(result.isError, undefined, `${name} ${JSON.stringify(args)}: ${textOf(result)}`);
        return textOf(result);
      },
    };
  });
  checkEachTest(() => takeGraphProblems(sandbox?.harness.graph));
  afterEach(() => {
    if (sandbox) sandbox.harness.graph.requests.length = 0;
  });
  after(async () => {
    await sandbox?.harness.close();
  });
  return () => {
    if (!sandbox) throw new Error("sandbox not started");
    return sandbox;
  };
}
