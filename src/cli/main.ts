#!/usr/bin/env node
// The m365-mcp command (npm start, the bin, dist/m365-mcp.js once built): runs the CLI with this process's
// arguments, environment and streams.
// First, so that V8's memory mode is set before the rest of the program runs (imports run in order).
import "./memory-mode.js";
import { runCli } from "./cli.js";

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
// The command is done: a stray timer or socket must not keep the process alive.
setTimeout(() => process.exit(), 3_000).unref();
