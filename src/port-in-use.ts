// What `npm start` and `npm run sandbox` say when they cannot listen: the setting that chose the port and a
// command that works, instead of Node's EADDRINUSE stack. Node built-ins only, so the sandbox's CLI can use it too.
import { createServer } from 'node:net';

/** The setting (environment variable or flag) that chose a port, and how to run the program with another value. */
export interface PortSetting {
  /** `PORT`, `SANDBOX_PORT` or `--port`. */
  name: string;
  port: number;
  host: string;
  /** The command line with this setting at `port`, e.g. `PORT=3002 npm start`. */
  commandWith(port: number): string;
  /** Ports another setting of the same program needs (the app and its sandbox must differ). */
  taken?: readonly number[];
  /** What else has to follow a new port, said after the fix. */
  note?: string;
}

/** Error codes of `listen()` that choosing another port fixes. */
const PORT_PROBLEMS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is already in use by another program',
  EACCES: 'may not be used by this user (ports below 1024 need privileges)',
};

/**
 * The message for a `listen()` error that another port fixes, naming the setting and a free port to try; `undefined`
 * for any other error (which the caller rethrows).
 */
export async function portProblem(error: unknown, setting: PortSetting): Promise<string | undefined> {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const why = PORT_PROBLEMS[code];
  if (!why) return undefined;
  const free = await freePortAfter(setting);
  const example = free === undefined ? '' : `, e.g. ${setting.commandWith(free)}`;
  const note = setting.note === undefined ? '' : `\n  ${setting.note}`;
  return `${setting.name} ${setting.port} ${why}.\n  Fix: stop that program, or set ${setting.name} to a free port${example}${note}`;
}

/** The first port after the setting's (at most 50 tried, none of `taken`) that can be listened on now. */
async function freePortAfter(setting: PortSetting): Promise<number | undefined> {
  const start = setting.port >= 1024 ? setting.port + 1 : 3000;
  for (let port = start; port < start + 50 && port <= 65_535; port++) {
    if (setting.taken?.includes(port)) continue;
    if (await canListen(port, setting.host)) return port;
  }
  return undefined;
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
