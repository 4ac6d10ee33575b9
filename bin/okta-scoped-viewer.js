#!/usr/bin/env node
// The `okta-scoped-viewer` command. Loading ~100 TypeScript modules through tsx's hooks costs more than half a
// second on every run, which an export of a few seconds would feel, so the CLI is bundled once with esbuild into
// .cache/cli/<key>/ (key: the sources' paths, sizes and times, and the lock file) and later runs start plain
// JavaScript. Dependencies stay in node_modules; the sandbox org and Redis stay separate chunks, loaded only when
// used. If the bundle cannot be made (e.g. a read-only checkout), the CLI runs through tsx as the app does.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = join(ROOT, 'src');
// Two levels below the root, like src/<dir>/, so that paths the sources resolve from import.meta.url still hold.
const CACHE = join(ROOT, '.cache', 'cli');
const ENTRY = 'main.js';

function sourcesKey() {
  const hash = createHash('sha256');
  for (const name of readdirSync(SOURCES, { recursive: true }).sort()) {
    const stat = statSync(join(SOURCES, name));
    if (stat.isFile()) hash.update(`${name}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  for (const file of ['package-lock.json', 'tsconfig.json', fileURLToPath(import.meta.url)]) {
    const path = join(ROOT, file);
    if (existsSync(path)) hash.update(`${file}\0${statSync(path).mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function bundle() {
  const key = sourcesKey();
  const dir = join(CACHE, key);
  if (existsSync(join(dir, ENTRY))) return join(dir, ENTRY);
  const { build } = await import('esbuild');
  // Built beside the final place and renamed into it, so that concurrent first runs never see half a bundle.
  const building = join(CACHE, `.${key}-${process.pid}`);
  try {
    await build({
      entryPoints: { main: join(SOURCES, 'cli', 'main.ts') },
      outdir: building,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
    renameSync(building, dir);
  } catch (error) {
    // Another run renamed its identical bundle first, or the build failed: either way this one is not needed.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(join(dir, ENTRY))) throw error;
  }
  for (const old of readdirSync(CACHE)) {
    if (old !== key && !old.startsWith('.')) rmSync(join(CACHE, old), { recursive: true, force: true });
  }
  return join(dir, ENTRY);
}

let entry;
try {
  mkdirSync(CACHE, { recursive: true });
  entry = await bundle();
} catch {
  entry = undefined;
}
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
