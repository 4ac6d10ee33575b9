import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

// The browser build, read once: evaluated in the page over the DevTools protocol, so the app's CSP
// (no inline or foreign scripts) does not block it and the page under test keeps its real headers.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One line per failing node: rule, impact, CSS target and axe's summary of what to fix. */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.id} (${violation.impact ?? 'no impact'}): ${node.target.join(' ')}\n    ${
            node.failureSummary?.replaceAll('\n', '\n    ') ?? violation.help
          }`,
      ),
    )
    .join('\n');
}

/** Runs axe-core with no tag filter, so best-practice rules (region, empty-table-header, ...) count as well as WCAG's. */
export async function axeViolations(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  // axe.run() with no context checks the whole document.
  const results = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run(): Promise<AxeResults> } };
    return axe.run();
  });
  return results.violations;
}

/** Fails, listing each violation with its impact and nodes, unless axe finds none on the page as it is now. */
export async function assertAccessible(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.equal(
    violations.length,
    0,
    `axe-core found ${violations.length} kind(s) of violation on ${state} (${page.url()}):\n${describeViolations(violations)}`,
  );
}
