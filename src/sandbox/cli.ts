import { parseArgs } from 'node:util';
import { type PortSetting, portProblem } from '../port-in-use.ts';
import { startSandbox } from './sandbox.ts';

/**
 * `npm run sandbox -- [--port 3001] [--host 127.0.0.1] [--app-base-url http://localhost:3000]`: the sandbox org alone.
 * The port is `--port`, else `SANDBOX_PORT` (as for `npm start`), else 3001.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'app-base-url': { type: 'string', default: 'http://localhost:3000' },
  },
});
const fromFlag = values.port !== undefined;
const rawPort = values.port ?? process.env.SANDBOX_PORT ?? '3001';
const settingName = fromFlag ? '--port' : 'SANDBOX_PORT';
const port = Number(rawPort);
if (rawPort.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`${settingName} must be a port number (0-65535), got "${rawPort}"`);
  process.exit(1);
}
const setting: PortSetting = {
  name: settingName,
  port,
  host: values.host,
  commandWith: (free) => (fromFlag ? `npm run sandbox -- --port ${free}` : `SANDBOX_PORT=${free} npm run sandbox`),
};
const sandbox = await startSandbox({ host: values.host, port, appBaseUrl: values['app-base-url'] }).catch(
  async (error: unknown) => {
    const message = await portProblem(error, setting);
    if (message === undefined) throw error;
    console.error(`The sandbox org cannot start: ${message}`);
    process.exit(1);
  },
);
console.log(sandbox.describe());
console.log('\nPress Ctrl+C to stop.');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    sandbox.close().then(() => process.exit(0));
  });
}
