// npm run fuzz: the fuzz property of test/fuzz for ten minutes (or --minutes), from a fresh seed unless --seed
// replays one. Prints the seed and the case count, what each tool answered, and on a failure the shrunk case.
import { parseArgs } from "node:util";
import { closeExtractionWorkers } from "../src/content/extract.js";
import { describeFailure, runFuzz, startFuzz } from "../test/fuzz/property.js";

const { values } = parseArgs({ options: { minutes: { type: "string", default: "10" }, seed: { type: "string" } } });
const minutes = Number(values.minutes);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!(minutes > 0) || !Number.isSafeInteger(seed)) {
  console.error("usage: npm run fuzz -- [--minutes 10] [--seed N]");
  process.exit(2);
}

console.log(`fuzzing for ${minutes} min with seed ${seed} (replay: npm run fuzz -- --seed ${seed})`);
const fuzz = await startFuzz();
const started = performance.now();
const run = await runFuzz(fuzz, { seed, timeLimitMs: minutes * 60_000 });
const seconds = (performance.now() - started) / 1000;
await fuzz.close();
await closeExtractionWorkers();

console.log(`${fuzz.stats.cases} cases in ${seconds.toFixed(0)} s (${(fuzz.stats.cases / seconds).toFixed(0)}/s), seed ${seed}; slowest case ${fuzz.stats.slowestMs.toFixed(0)} ms`);
console.table(fuzz.stats.outcomes);
if (run.failed) {
  console.error(describeFailure(run));
  process.exit(1);
}
console.log("no invariant broken");
