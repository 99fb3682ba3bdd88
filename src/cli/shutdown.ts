// SIGTERM or SIGINT stops a running server gracefully; a second signal stops it at once.
import type { Logger } from "../logging/logger.js";
import { EXIT_FAILURE, EXIT_OK } from "./command.js";

/** Resolves with the exit code once a signal has stopped the server and `close` has finished. */
export function untilStopped(close: () => Promise<void>, logger: Logger): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        logger.warn({ signal }, "second signal: stopping now, without waiting for in-flight requests");
        process.exit(EXIT_FAILURE);
      }
      stopping = true;
      logger.info({ signal }, "shutting down: no new connections; in-flight requests may finish");
      close().then(
        () => {
          logger.info("stopped");
          resolve(EXIT_OK);
        },
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          resolve(EXIT_FAILURE);
        },
      );
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}
