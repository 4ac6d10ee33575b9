/**
 * The command line: which command, its flags (node:util parseArgs, strict), and `--help` at every level.
 */
import { parseArgs } from 'node:util';
import { firstLine } from '../text/first-line.ts';
import type { CommandName } from './config.ts';

type OptionSpec = { type: 'string' | 'boolean'; short?: string };

const CONNECTION_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'org-url': { type: 'string' },
  'client-id': { type: 'string' },
  'private-key': { type: 'string' },
  'key-id': { type: 'string' },
  scopes: { type: 'string' },
  dpop: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const COMMAND_OPTIONS: Readonly<Record<CommandName, Readonly<Record<string, OptionSpec>>>> = {
  'logs export': {
    since: { type: 'string' },
    until: { type: 'string' },
    filter: { type: 'string' },
    q: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
  },
  'logs tail': { filter: { type: 'string' }, q: { type: 'string' } },
  'users list': {
    search: { type: 'string' },
    q: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
  },
  token: {},
};

const GROUPS: Readonly<Record<string, readonly string[]>> = { logs: ['export', 'tail'], users: ['list'], token: [] };

/** What the command line asked for. */
export type ParsedArgs =
  | { kind: 'help'; path: string }
  | { kind: 'run'; command: CommandName; flags: Record<string, string | boolean | undefined> }
  | { kind: 'usage-error'; message: string };

/** Parses `argv` (without node and the script). */
export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('-') || words.length === 2) break;
    words.push(arg);
  }
  const [group, sub] = words;
  if (group === undefined) return wantsHelp || argv.length === 0 ? { kind: 'help', path: '' } : unknown(argv[0]);
  const subs = GROUPS[group];
  if (subs === undefined) return unknown(group);
  let command: CommandName;
  let consumed: number;
  if (subs.length === 0) {
    command = group as CommandName;
    consumed = 1;
  } else if (sub === undefined || !subs.includes(sub)) {
    if (wantsHelp || sub === undefined) return { kind: 'help', path: group };
    return {
      kind: 'usage-error',
      message: `unknown command "${group} ${sub}"; try: ${subs.map((s) => `${group} ${s}`).join(', ')}`,
    };
  } else {
    command = `${group} ${sub}` as CommandName;
    consumed = 2;
  }
  if (wantsHelp) return { kind: 'help', path: command };
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(consumed),
      options: { ...CONNECTION_OPTIONS, ...COMMAND_OPTIONS[command] },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) {
      return { kind: 'usage-error', message: `unexpected argument "${positionals[0]}" for ${command}` };
    }
    return { kind: 'run', command, flags: values as Record<string, string | boolean | undefined> };
  } catch (error) {
    // parseArgs adds advice about `--` after its first sentence, which does not apply here.
    return { kind: 'usage-error', message: firstLine(error).split('. ', 1)[0] ?? firstLine(error) };
  }
}

function unknown(word: string | undefined): ParsedArgs {
  return {
    kind: 'usage-error',
    message: `unknown command "${word ?? ''}"; try: logs export, logs tail, users list, token`,
  };
}
