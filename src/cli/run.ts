/**
 * One run of the CLI: arguments → configuration → the command → an exit code (0 done, 1 Okta refused or failed,
 * 2 configuration or usage, 130 interrupted). Everything it touches of the process comes in `CliIo`.
 */

import type { Writable } from 'node:stream';
import type { ExportFormat } from '../logs/export-stream.ts';
import { InvalidQueryError, type LogQuery, type UserQuery } from '../okta/index.ts';
import { utcClock } from '../text/reset-time.ts';
import { parseCommandLine } from './args.ts';
import { exportLogs } from './commands/logs-export.ts';
import { tailLogs } from './commands/logs-tail.ts';
import { describeToken, SSWS_TOKEN_DESCRIPTION } from './commands/token.ts';
import { listUsers } from './commands/users-list.ts';
import { type CliConfig, CliConfigError, type CommandName, formatProblem, resolveConfig } from './config.ts';
import {
  CONNECTION_SETTINGS,
  layerFromEnv,
  layerFromFlags,
  mergeLayers,
  type SettingsLayer,
  YamlFileProblem,
  yamlLayers,
} from './config-sources.ts';
import { type EmbeddedSandbox, startEmbeddedSandbox } from './embedded-sandbox.ts';
import { failureMessage } from './failure-message.ts';
import { HELP } from './help.ts';
import { connectToOkta, dispatcherFor, serviceTokenFor } from './okta-connection.ts';
import { closeOutput, type Output, openOutput } from './output.ts';
import { count, Progress } from './progress.ts';
import { exportQuery, FlagProblem, formatFlag, tailQuery, usersQuery } from './query-flags.ts';

/** The process around a run. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  home: string;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean | undefined };
  /** Fires on Ctrl-C. */
  signal: AbortSignal;
}

export const EXIT = { ok: 0, failed: 1, config: 2, interrupted: 130 } as const;

type Flags = Record<string, string | boolean | undefined>;

function say(io: CliIo, line: string): void {
  io.stderr.write(`${line}\n`);
}

async function settingsFor(flags: Flags, io: CliIo): Promise<{ settings: SettingsLayer; sandbox?: EmbeddedSandbox }> {
  const layers = [layerFromFlags(flags), layerFromEnv(io.env), ...(await yamlLayers(io.cwd, io.home))];
  const merged = mergeLayers(layers);
  if (CONNECTION_SETTINGS.some((name) => merged[name] !== undefined)) return { settings: merged };
  const sandbox = await startEmbeddedSandbox();
  say(
    io,
    `No Okta settings found (flags, OKTA_CLIENT_* variables, ./okta.yaml, ~/.okta/okta.yaml): using a local sandbox org started in this process at ${sandbox.orgUrl} (not a real Okta org), as its API Services app.`,
  );
  return { settings: mergeLayers([merged, sandbox.settings]), sandbox };
}

/** The command's own flags, checked before any setting is read or anything is started. */
interface CommandInput {
  format: ExportFormat;
  logs: LogQuery | undefined;
  tail: ReturnType<typeof tailQuery> | undefined;
  users: UserQuery | undefined;
}

function commandInput(command: CommandName, flags: Flags): CommandInput {
  return {
    format: command === 'logs tail' || command === 'token' ? 'ndjson' : formatFlag(flags),
    logs: command === 'logs export' ? exportQuery(flags) : undefined,
    tail: command === 'logs tail' ? tailQuery(flags) : undefined,
    users: command === 'users list' ? usersQuery(flags) : undefined,
  };
}

async function runToken(config: CliConfig, io: CliIo, progress: Progress): Promise<number> {
  if (config.auth.mode === 'SSWS') {
    io.stdout.write(SSWS_TOKEN_DESCRIPTION);
    return EXIT.ok;
  }
  const dispatcher = dispatcherFor(config);
  try {
    const facts = await serviceTokenFor(config, dispatcher, (line) => progress.note(line))?.facts();
    if (facts) io.stdout.write(describeToken(facts));
    return EXIT.ok;
  } finally {
    await dispatcher.close();
  }
}

async function runCommand(
  command: CommandName,
  flags: Flags,
  input: CommandInput,
  config: CliConfig,
  io: CliIo,
): Promise<number> {
  const progress = new Progress(io.stderr);
  if (command === 'token') return runToken(config, io, progress);
  const { format } = input;
  const priority = command === 'users list' ? 'interactive' : 'background';
  const connection = await connectToOkta(config, priority, io.env, (line) => progress.note(line));
  let output: Output | undefined;
  try {
    // Opened only once a token was granted, so a refused run leaves an existing file as it was.
    output =
      command === 'logs tail'
        ? { out: io.stdout, label: 'stdout', file: false }
        : await openOutput(typeof flags.output === 'string' ? flags.output : undefined, io.cwd, io.stdout);
    const common = { signal: io.signal, progress, out: output.out, maxRetries: config.maxRetries, format };
    if (command === 'logs tail') {
      const { events } = await tailLogs(connection.client, { ...common, filter: input.tail?.filter, q: input.tail?.q });
      progress.note(`Stopped: ${count(events, 'event')} printed.`);
      return EXIT.interrupted;
    }
    if (command === 'users list') {
      const result = await listUsers(connection.client, { ...common, query: input.users ?? {} });
      await closeOutput(output);
      const done = result.outcome === 'complete' ? 'Listed' : 'Interrupted after';
      progress.note(`${done} ${count(result.users, 'user')} (${output.label}).`);
      return result.outcome === 'complete' ? EXIT.ok : EXIT.interrupted;
    }
    const result = await exportLogs(connection.client, { ...common, query: input.logs ?? {} });
    await closeOutput(output);
    const last = result.lastPublished ? `, last event published ${result.lastPublished}` : '';
    if (result.outcome === 'interrupted') {
      const whole = format === 'csv' ? 'rows' : 'lines';
      progress.note(
        `Interrupted: ${count(result.events, 'event')} written to ${output.label}${last}; it ends with whole ${whole}.`,
      );
      return EXIT.interrupted;
    }
    progress.note(
      `Exported ${count(result.events, 'event')} in ${count(result.pages, 'page')} to ${output.label}${last}.`,
    );
    return EXIT.ok;
  } finally {
    progress.end();
    // Also after a failure: what was written (whole pages) reaches the file before the process exits.
    if (output) await closeOutput(output).catch(() => undefined);
    await connection.close();
  }
}

/** Runs the CLI once and returns its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(HELP[parsed.path] ?? HELP[''] ?? '');
    return EXIT.ok;
  }
  if (parsed.kind === 'usage-error') {
    say(io, `Usage: ${parsed.message}. Run okta-scoped-viewer --help.`);
    return EXIT.config;
  }
  let sandbox: EmbeddedSandbox | undefined;
  try {
    const input = commandInput(parsed.command, parsed.flags);
    const found = await settingsFor(parsed.flags, io);
    sandbox = found.sandbox;
    const config = await resolveConfig(found.settings, parsed.command, io.cwd);
    for (const warning of config.warnings) say(io, warning);
    return await runCommand(parsed.command, parsed.flags, input, config, io);
  } catch (error) {
    if (error instanceof CliConfigError) {
      for (const problem of error.problems) say(io, formatProblem(problem));
      return EXIT.config;
    }
    if (error instanceof YamlFileProblem) {
      say(io, `Configuration: ${error.label} ${error.problem}.`);
      return EXIT.config;
    }
    if (error instanceof FlagProblem) {
      say(io, error.line());
      return EXIT.config;
    }
    // Refused before anything was sent (e.g. more than 10 keywords): the flag is at fault, not Okta.
    if (error instanceof InvalidQueryError && error.status === undefined) {
      say(io, `Usage: --${error.parameter ?? 'query'}: ${error.message}. Fix: correct it.`);
      return EXIT.config;
    }
    if (io.signal.aborted) {
      say(io, `Interrupted at ${utcClock(new Date())}.`);
      return EXIT.interrupted;
    }
    say(io, failureMessage(error));
    return EXIT.failed;
  } finally {
    await sandbox?.close();
  }
}
