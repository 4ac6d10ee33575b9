// `npm run screenshots`: retakes the README's screenshots (docs/screenshots/*.png, 1280 px wide) from the sandbox
// org in Debian's chromium, so the README shows the pages as they are. Shrinks them with pngquant when installed.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness } from './helpers/app-harness.ts';
import { launchChromium, signInWithForm } from './helpers/chromium.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

const h = await startHarness({ sandbox: { seed: { users: 300, events: 3000 } } });
const browser = await launchChromium();
const written: string[] = [];
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  /** The top `height` pixels of the page at `path` (the full page when it is shorter). */
  const shot = async (name: string, path: string, height = 900) => {
    await page.goto(`${h.baseUrl}${path}`);
    const file = join(OUT, `${name}.png`);
    const pageHeight = Number(await page.evaluate('document.documentElement.scrollHeight'));
    await page.screenshot({
      path: file,
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.min(height, pageHeight) },
    });
    written.push(file);
  };
  await shot('home', '/');
  await shot('sign-in', '/login');
  await signInWithForm(page, h.baseUrl, '/');
  await shot('logs', '/logs', 1500);
  await shot('users', '/users');
  const firstUser = await page.locator('a[href^="/users/00u"]').first().getAttribute('href');
  await shot('user-detail', firstUser ?? '/users', 1200);
  await shot('token', '/token', 1500);
  await shot('guide', '/guide', 1200);
  await shot('sandbox-console', '/sandbox', 1200);
} finally {
  await browser.close();
  await h.close();
}
if (spawnSync('pngquant', ['--version']).status === 0) {
  spawnSync('pngquant', ['--force', '--ext', '.png', '--skip-if-larger', ...written], { stdio: 'inherit' });
}
console.log(`wrote ${written.length} screenshots to docs/screenshots/`);
