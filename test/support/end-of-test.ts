// Checks that belong to each test (the Graph contract, Graph tokens) run at the end of the test itself, inside it.
// Thrown from an afterEach hook, the same failure would be the hook's: mocha then skips the rest of the suite
// (mochajs/mocha#1635), so one violation would hide every later test's result.
import type { Context, Test } from "mocha";

/** What is wrong once a test's work is done, each problem naming what it concerns; empty when all is well. */
export type EndOfTestCheck = () => Promise<string[]>;

/** A test's own problems, found after its body: they fail that test, naming each; the test's own error is the cause. */
export class EndOfTestFailure extends Error {
  override name = "EndOfTestFailure";

  constructor(
    readonly problems: readonly string[],
    cause?: unknown,
  ) {
    // The problems lead: a violation is often why the test's own assertion failed. That failure is kept as the cause.
    const also = cause === undefined ? "" : "\n(the test also failed on its own: its error is the cause)";
    super(`${problems.join("\n")}${also}`, cause === undefined ? undefined : { cause });
  }
}

/** Mocha's Hook can hand an error to the test it ran for (Hook#error); Context types it as a plain Runnable. */
interface FailingHook {
  error(err: unknown): void;
}
const isHook = (runnable: unknown): runnable is FailingHook => typeof (runnable as Partial<FailingHook> | undefined)?.error === "function";

/**
 * Registers `check` for every test of the calling suite, nested suites included: it runs once the test's body has
 * settled, within the test, so its problems fail that test alone and the suite goes on.
 */
export function checkEachTest(check: EndOfTestCheck): void {
  beforeEach(function (this: Context) {
    const test: Test | undefined = this.currentTest;
    const body = test?.fn;
    // A done-callback test keeps its body: mocha tells those apart by the function's arity. afterEach checks it.
    if (!test || !body || body.length > 0) return;
    const run = body as (this: Context) => unknown;
    test.fn = async function checked(this: Context): Promise<void> {
      let failure: { error: unknown } | undefined;
      try {
        await run.call(this);
      } catch (error) {
        failure = { error };
      }
      // A skipped test has nothing to report; a timed-out one was already failed, and afterEach took its problems.
      if (test.isPending() || test.timedOut) {
        if (failure) throw failure.error;
        return;
      }
      const problems = await check();
      if (problems.length > 0) throw new EndOfTestFailure(problems, failure?.error);
      if (failure) throw failure.error;
    };
  });
  afterEach(async function (this: Context) {
    // What arrived after the test's own check (a done-callback test, a timed-out one, a request still running then).
    // Handed to the hook's test rather than thrown, so the suite's next tests still run.
    const problems = await check();
    const hook: unknown = this.test;
    if (problems.length > 0 && isHook(hook)) hook.error(new EndOfTestFailure(problems));
    else if (problems.length > 0) throw new EndOfTestFailure(problems);
  });
}
