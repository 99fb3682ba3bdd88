// The bounded fuzz run of `npm test`: a fixed seed, so a failure here replays exactly. `npm run fuzz` runs the same
// property for ten minutes from a fresh seed.
import assert from "node:assert/strict";
import { describeFailure, runFuzz, startFuzz, type Fuzz } from "./property.js";

const SEED = 20_261_204;
const CASES = 2_000;

describe("fuzzing every tool's arguments, cursors and resource URIs", function () {
  // Two thousand round trips through the real server, each followed by a health check: tens of seconds when loaded.
  this.timeout(600_000);
  let fuzz: Fuzz;
  before(async () => {
    fuzz = await startFuzz();
  });
  after(async () => {
    await fuzz.close();
  });

  it(`answers ${CASES} generated and mutated requests legitimately, and stays healthy (seed ${SEED})`, async () => {
    const run = await runFuzz(fuzz, { seed: SEED, numRuns: CASES });
    assert.equal(run.failed, false, run.failed ? describeFailure(run) : "");
    assert.equal(run.numRuns, CASES);
    // Every tool and resources/read ran, and each was answered in more than one way: the cases reach past validation.
    const outcomes = fuzz.stats.outcomes;
    for (const [target, counts] of Object.entries(outcomes)) {
      const seen = Object.entries(counts).filter(([, n]) => n > 0).map(([outcome]) => outcome);
      if (target !== "(unknown tool)") assert.ok(counts.success > 0 && seen.length > 1, `${target}: ${JSON.stringify(counts)}`);
    }
  });
});
