import { parseArgs } from 'node:util';
import { startSandbox } from './sandbox.ts';

/** `npm run sandbox -- [--port 3001] [--host 127.0.0.1] [--app-base-url http://localhost:3000]`: the sandbox org alone. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3001' },
    host: { type: 'string', default: '127.0.0.1' },
    'app-base-url': { type: 'string', default: 'http://localhost:3000' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0-65535), got "${values.port}"`);
  process.exit(1);
}
const sandbox = await startSandbox({ host: values.host, port, appBaseUrl: values['app-base-url'] });
console.log(sandbox.describe());
console.log('\nPress Ctrl+C to stop.');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    sandbox.close().then(() => process.exit(0));
  });
}
