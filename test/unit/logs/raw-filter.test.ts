import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RAW_FILTER_MAX, rawFilterProblem } from '../../../src/logs/raw-filter.ts';

const cases: [description: string, filter: string, problem: RegExp | undefined][] = [
  ['a simple comparison', 'eventType eq "user.session.start"', undefined],
  ['grouping', '(eventType sw "user" or severity eq "WARN") and outcome.result eq "FAILURE"', undefined],
  ['parentheses inside a string do not count', 'displayMessage eq "a ) b ("', undefined],
  ['an escaped quote inside a string', 'actor.displayName eq "say \\"hi\\") or (x"', undefined],
  ['an escaped backslash before the closing quote', 'actor.id eq "a\\\\"', undefined],
  ['a parenthesis never closed', '(eventType eq "a"', /1 "\(" is never closed/],
  ['two never closed', '((eventType eq "a"', /2 "\(" are never closed/],
  ['closing the wrapper early', 'eventType eq "a") or (eventType pr', /never opened/],
  ['a string never closed', 'eventType eq "a', /not closed/],
  ['a string left open by an escaped quote', 'eventType eq "a\\"', /not closed/],
  ['too long', `eventType eq "${'a'.repeat(RAW_FILTER_MAX)}"`, /at most 2000/],
];
for (const [description, filter, problem] of cases) {
  test(description, () => {
    const found = rawFilterProblem(filter);
    if (problem === undefined) assert.equal(found, undefined);
    else assert.match(found ?? '', problem);
  });
}
