/**
 * Time ranges of the System Log page: presets counted back from now, or a custom since/until. Okta keeps events
 * for 90 days ("System Log data older than 90 days isn't returned"), so a range reaching further back is cut at
 * the retention edge, with a note saying so.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How far back Okta keeps System Log events. */
export const RETENTION_MS = 90 * DAY;

/** The presets, in the order the form offers them. */
export const RANGE_PRESETS = [
  { value: '15m', label: 'Last 15 minutes', ms: 15 * MINUTE },
  { value: '1h', label: 'Last hour', ms: 60 * MINUTE },
  { value: '24h', label: 'Last 24 hours', ms: DAY },
  { value: '7d', label: 'Last 7 days', ms: 7 * DAY },
  { value: '30d', label: 'Last 30 days', ms: 30 * DAY },
  { value: '90d', label: 'Last 90 days', ms: 90 * DAY },
] as const;

/** A preset's value, e.g. `24h`. */
export type RangePreset = (typeof RANGE_PRESETS)[number]['value'];

/** The range the user asked for. */
export type RangeChoice = { preset: RangePreset } | { since: Date | undefined; until: Date | undefined };

/** A concrete bounded range, with notes for the page when it had to be adjusted. */
export interface ResolvedRange {
  since: Date;
  until: Date;
  notes: string[];
}

/** True for a preset's value. */
export function isRangePreset(value: string): value is RangePreset {
  return RANGE_PRESETS.some((preset) => preset.value === value);
}

/** The range as since/until at `now`; throws RangeProblem when nothing of it is within retention. */
export function resolveRange(choice: RangeChoice, now: Date): ResolvedRange {
  const oldest = now.getTime() - RETENTION_MS;
  if ('preset' in choice) {
    const preset = RANGE_PRESETS.find((candidate) => candidate.value === choice.preset) ?? RANGE_PRESETS[3];
    return { since: new Date(now.getTime() - preset.ms), until: now, notes: [] };
  }
  const until = choice.until ?? now;
  const since = choice.since ?? new Date(until.getTime() - 7 * DAY);
  if (since.getTime() > until.getTime()) throw new RangeProblem('since', '"Since" must be before "until".');
  if (until.getTime() < oldest) {
    throw new RangeProblem(
      'until',
      'The whole range is more than 90 days ago; Okta keeps System Log events for 90 days only.',
    );
  }
  if (since.getTime() >= oldest) return { since, until, notes: [] };
  return {
    since: new Date(oldest),
    until,
    notes: [
      `Okta keeps System Log events for 90 days, so the range starts at ${new Date(oldest).toISOString()} instead of ${since.toISOString()}.`,
    ],
  };
}

/** A range that cannot be queried; `field` names the form field to show `message` next to. */
export class RangeProblem extends Error {
  constructor(
    readonly field: 'since' | 'until',
    message: string,
  ) {
    super(message);
    this.name = 'RangeProblem';
  }
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a date-time typed into the form (`2024-08-13T15:58`, seconds optional; without a zone it is UTC, as the
 * form says) or carried by a link (`2024-08-13T15:58:20.000Z`). Undefined when it is not one.
 */
export function parseDateTime(text: string): Date | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00', fraction = '0', zone = 'Z'] = match;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0')}${offset}`;
  const date = new Date(iso);
  // Date rolls impossible values over (Feb 30 → Mar 2): check the calendar fields survived.
  if (Number.isNaN(date.getTime()) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const shifted = new Date(`${year}-${month}-${day}T00:00:00Z`);
  if (Number.isNaN(shifted.getTime()) || shifted.toISOString().slice(0, 10) !== `${year}-${month}-${day}`) {
    return undefined;
  }
  return date;
}

/** The form's value for a date-time input: UTC, to the second, no zone (`2024-08-13T15:58:20`). */
export function formDateTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}
