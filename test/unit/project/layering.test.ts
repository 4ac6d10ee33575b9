import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const src = new URL('../../../src/', import.meta.url).pathname;

/** The relative module specifiers a source file imports (static imports, re-exports and side-effect imports). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*?['"](\.{1,2}\/[^'"]+)['"]/gm)].map((match) => match[1] ?? '');
}

function modulesIn(dir: string): string[] {
  return readdirSync(join(src, dir))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(src, dir, name));
}

describe('module layering', () => {
  it('plugins import nothing from the route layer or the sign-in feature above them', () => {
    const offending = modulesIn('plugins').flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /^\.\.\/(routes|auth)\//.test(specifier))
        .map((specifier) => `${file.slice(src.length)} imports ${specifier}`),
    );
    assert.deepEqual(offending, []);
  });

  it('the session layer imports nothing from auth, routes or plugins', () => {
    const offending = modulesIn('session').flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /^\.\.\/(routes|auth|plugins)\//.test(specifier))
        .map((specifier) => `${file.slice(src.length)} imports ${specifier}`),
    );
    assert.deepEqual(offending, []);
  });

  it('finds the imports it checks (the check is not vacuous)', () => {
    const imports = importsOf(join(src, 'plugins', 'okta-access.ts'));
    assert.ok(imports.includes('../session/sign-in-required.ts'), imports.join(', '));
    assert.ok(imports.includes('../teaching/okta-error-pages.ts'), imports.join(', '));
  });
});
