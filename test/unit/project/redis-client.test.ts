import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const src = new URL('../../../src/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the Redis client', () => {
  it('is imported only by the Redis store modules in src/store', () => {
    const importers = sourceFiles(src)
      .filter((file) => /^(?:import|export)[^'"]*?['"]ioredis['"]/m.test(readFileSync(file, 'utf8')))
      .map((file) => relative(src, file))
      .sort();
    assert.ok(importers.length > 0, 'the check finds the store itself');
    for (const file of importers) assert.match(file, /^store\/redis-[a-z-]+\.ts$/);
  });
});
