// An upstream that stalls until the test lets it go, instead of for a fixed time: the server's own deadline is then
// the only clock in play, however slow a loaded machine runs, and nothing is left waiting once the test is done.
// (A simulator does not learn that its client went away, so a stalled handler would otherwise run on after the test,
// and the harness waits for the simulated Graph to be idle before it judges a test.)

export class Stall {
  private released = false;
  private readonly waiters: Array<() => void> = [];

  /** Resolves once release() is called; at once if it already was. */
  until(): Promise<void> {
    if (this.released) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Lets every waiting handler go on, and any later one through at once. */
  release(): void {
    this.released = true;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

/** Runs `body` with a fresh stall, released when the body settles, whether it passed or failed. */
export async function withStall<T>(body: (stall: Stall) => Promise<T>): Promise<T> {
  const stall = new Stall();
  try {
    return await body(stall);
  } finally {
    stall.release();
  }
}
