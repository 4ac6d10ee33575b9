/**
 * The entry of the `okta-scoped-viewer` command (bin/okta-scoped-viewer.js imports it): wires the process to
 * runCli. The first Ctrl-C stops the calls and lets the command finish its output; a second one exits at once.
 */
import { homedir } from 'node:os';
import { EXIT, runCli } from './run.ts';

const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(EXIT.interrupted);
  controller.abort(new Error('interrupted (Ctrl-C)'));
});
// A closed pipe (e.g. `| head`) ends the run like Ctrl-C instead of crashing on EPIPE.
process.stdout.on('error', () => controller.abort(new Error('stdout closed')));

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  home: homedir(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.exitCode = code;
// Nothing is left to do; a keep-alive socket or a timer must not hold the process open.
process.exit(code);
