import { type PortSetting, portProblem } from '../port-in-use.ts';
import { parseSandboxCli } from './cli-options.ts';
import { connectionInfo } from './connection-info.ts';
import { startSandbox } from './sandbox.ts';

/**
 * `npm run sandbox -- [--port 3001] [--host 127.0.0.1] [--app-base-url http://localhost:3000] [--logs-limit N]
 * [--per-app-share F] [--rate-window-seconds S] [--access-token-seconds S] [--json]`: the sandbox org alone. The port is `--port`, else
 * `SANDBOX_PORT` (as for `npm start`), else 3001. With `--json`, stdout carries one line of JSON and nothing else
 * (for programs that start the sandbox); the description goes to stderr.
 */
const parsed = parseSandboxCli(process.argv.slice(2), process.env);
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(1);
}
const { options } = parsed;
const setting: PortSetting = {
  name: options.portSetting,
  port: options.port,
  host: options.host,
  commandWith: (free) =>
    options.portSetting === '--port' ? `npm run sandbox -- --port ${free}` : `SANDBOX_PORT=${free} npm run sandbox`,
};
const sandbox = await startSandbox({
  host: options.host,
  port: options.port,
  appBaseUrl: options.appBaseUrl,
  ...(Object.keys(options.rateLimits).length > 0 ? { rateLimits: options.rateLimits } : {}),
  ...(options.accessTokenSeconds !== undefined ? { accessTokenTtlSeconds: options.accessTokenSeconds } : {}),
}).catch(async (error: unknown) => {
  const message = await portProblem(error, setting);
  if (message === undefined) throw error;
  console.error(`The sandbox org cannot start: ${message}`);
  process.exit(1);
});
// Before the ready line: a program may send SIGTERM as soon as it reads it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    sandbox.close().then(() => process.exit(0));
  });
}
if (options.json) {
  console.log(JSON.stringify(connectionInfo(sandbox)));
  console.error(sandbox.describe());
  console.error('\nStop it with SIGTERM or Ctrl+C.');
} else {
  console.log(sandbox.describe());
  console.log('\nPress Ctrl+C to stop.');
}
