import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import semver from 'semver';

const root = new URL('../../../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The lowest Node versions the app promises, one per supported line of `engines.node`. */
const PROMISED = ['20.19.0', '22.12.0'];

describe('engines', () => {
  it('package.json promises exactly the Node versions this test checks', () => {
    for (const version of PROMISED) assert.ok(semver.satisfies(version, manifest.engines.node), version);
    assert.ok(!semver.satisfies('20.18.0', manifest.engines.node));
  });

  it('every locked package supports the lowest promised Node versions (no EBADENGINE on install)', () => {
    const unsupported: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (path === '' || range === undefined) continue;
      for (const version of PROMISED) {
        if (!semver.satisfies(version, range)) unsupported.push(`${path}@${entry.version}: node ${range} (${version})`);
      }
    }
    assert.deepEqual(unsupported, []);
  });
});
