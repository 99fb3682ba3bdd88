// A contract violation fails the test that caused it, naming the operation and the violation, and the suite's next
// tests still run: test/contract/fixtures/violating-suite.ts, run by a mocha of its own, reports exactly that.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MOCHA = join(ROOT, "node_modules/mocha/bin/mocha.js");
const FIXTURE = "test/contract/fixtures/violating-suite.ts";

interface Reported {
  fullTitle: string;
  /** The error's own properties; an Error among them (the cause) keeps only its enumerable ones. */
  err: { message?: string; cause?: { code?: string; operator?: string } };
}
interface JsonReport {
  stats: { tests: number; passes: number; failures: number; pending: number };
  passes: Reported[];
  failures: Reported[];
}

/** Runs the fixture with mocha's JSON reporter (written to a file: the suite's own logs share stdout). */
async function runFixture(): Promise<{ code: number | null; report: JsonReport; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "m365-per-test-"));
  const file = join(dir, "report.json");
  try {
    const child = spawn(process.execPath, [MOCHA, "--reporter", "json", "--reporter-option", `output=${file}`, FIXTURE], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", resolve);
    });
    return { code, report: JSON.parse(readFileSync(file, "utf8")) as JsonReport, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("contract violations are reported by the test that caused them", function () {
  // A mocha of its own: tsx, a server and the simulators start again, slowly on a loaded machine.
  this.timeout(120_000);
  let run: Awaited<ReturnType<typeof runFixture>>;
  before(async () => {
    run = await runFixture();
  });
  const failure = (title: string): string => {
    const failed = run.report.failures.find((f) => f.fullTitle === title);
    assert.ok(failed, `${title} should have failed:\n${run.output}`);
    return failed.err.message ?? "";
  };

  it("fails each violating test once, runs every other test of the suite, and exits with the number of failures", () => {
    assert.deepEqual(run.report.failures.map((f) => f.fullTitle), [
      "through the server answers get_me from a mock whose id is a number",
      "through the server expects get_me to answer, with no mock for getMe",
      "through a Graph client sends $top=0, which the contract does not allow",
    ], run.output);
    assert.deepEqual(run.report.passes.map((p) => p.fullTitle), [
      "through the server answers get_me from contract-valid mocks",
      "through a Graph client reads /me from a contract-valid mock",
    ]);
    // A failing test is not also counted as passed, and no hook failed in its place.
    assert.deepEqual(run.report.stats, { ...run.report.stats, tests: 5, passes: 2, failures: 3, pending: 0 });
    assert.equal(run.code, 3);
  });

  it("names the operation and the violation: a mock body the contract does not allow", () => {
    assert.equal(failure("through the server answers get_me from a mock whose id is a number"), 'Graph contract violation: getMe mock: response 200/id must be string {"type":"string"}');
  });

  it("names the operation and the violation: a request the contract does not allow", () => {
    assert.equal(failure("through a Graph client sends $top=0, which the contract does not allow"), 'Graph contract violation: listMessages: query $top must be >= 1 {"comparison":">=","limit":1}');
  });

  it("leads with the violation when the test also failed on its own, and keeps that failure as the cause", () => {
    const title = "through the server expects get_me to answer, with no mock for getMe";
    assert.equal(failure(title), "Graph contract violation: no mock for getMe\n(the test also failed on its own: its error is the cause)");
    const { cause } = run.report.failures.find((f) => f.fullTitle === title)?.err ?? {};
    assert.deepEqual({ code: cause?.code, operator: cause?.operator }, { code: "ERR_ASSERTION", operator: "match" });
  });
});
