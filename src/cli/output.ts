/**
 * Where a command's data goes: stdout, or the `--output` file (created readable by the user only), which must be
 * finished before the process exits.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { FlagProblem } from './query-flags.ts';

/** An open output. */
export interface Output {
  out: Writable;
  label: string;
  file: boolean;
}

/** `path` (relative to `cwd`) opened for writing, or `stdout` when there is none. */
export async function openOutput(path: string | undefined, cwd: string, stdout: Writable): Promise<Output> {
  if (path === undefined) return { out: stdout, label: 'stdout', file: false };
  const full = resolve(cwd, path);
  const out = createWriteStream(full, { flags: 'w', mode: 0o600 });
  try {
    await once(out, 'open');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new FlagProblem(
      'output',
      `names ${full}, which cannot be written (${String(code)})`,
      'give a writable file path',
    );
  }
  return { out, label: full, file: true };
}

/** Ends an output file and waits until it is on disk (stdout is left open). Safe to call twice. */
export async function closeOutput(output: Output): Promise<void> {
  if (!output.file || output.out.writableFinished) return;
  if (!output.out.writableEnded) output.out.end();
  await once(output.out, 'finish');
}

/**
 * Writes `chunk` and waits for the stream to drain. Never cut short by an abort: a page is written whole or not at
 * all, so a file ends with a complete line.
 */
export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (chunk !== '' && !out.write(chunk)) await once(out, 'drain');
}
