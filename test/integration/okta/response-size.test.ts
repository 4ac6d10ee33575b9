/**
 * An oversized answer costs the client at most the cap in memory: the body is abandoned at the cap, so the
 * process's heap grows by no more than the cap plus a margin while a 64 MiB body is offered. The same
 * measurement with the cap raised above the body shows what the cap saves (the check is not vacuous).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError } from '../../../src/okta/index.ts';
import { type SandboxApi, startSandboxApi } from './sandbox-org.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MiB = 1024 * 1024;
const OFFERED = 64 * MiB;
// The sandbox runs in this process too: the pieces it generates before the client hangs up count here as well.
const MARGIN = 16 * MiB;

let sandbox: SandboxApi;
before(async () => {
  sandbox = await startSandboxApi({ seed: { users: 10, events: 100 }, rateLimits: { enabled: false } });
  sandbox.api.faults.set({ path: '/api/v1/users', oversizedBody: { bytes: OFFERED } });
});
after(() => sandbox?.close());

/** The highest heap growth over the settled baseline while `run` runs, sampled every millisecond. */
async function peakHeapGrowth(run: () => Promise<unknown>): Promise<number> {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  try {
    await run().catch(() => undefined);
  } finally {
    clearInterval(sample);
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return peak - baseline;
}

describe('a 64 MiB answer to a users page', () => {
  test('is abandoned at the cap, and the heap grows by less than the cap plus a margin', async () => {
    const client = sandbox.client();
    let thrown: unknown;
    const growth = await peakHeapGrowth(async () => {
      try {
        await client.users.list({ limit: 200 });
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(thrown instanceof ResponseTooLargeError, `ResponseTooLargeError, not ${String(thrown)}`);
    assert.ok(
      growth < DEFAULT_MAX_RESPONSE_BYTES + MARGIN,
      `heap grew by ${(growth / MiB).toFixed(1)} MiB (cap ${DEFAULT_MAX_RESPONSE_BYTES / MiB} MiB + ${MARGIN / MiB} MiB)`,
    );
  });

  test('without the cap in the way, reading it costs far more (what the measurement would show)', async () => {
    const client = sandbox.client({ maxResponseBytes: 2 * OFFERED });
    const growth = await peakHeapGrowth(() => client.users.list({ limit: 200 }));
    assert.ok(growth > DEFAULT_MAX_RESPONSE_BYTES + MARGIN, `heap grew by ${(growth / MiB).toFixed(1)} MiB`);
  });
});
