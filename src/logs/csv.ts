/**
 * CSV rows for the System Log export (RFC 4180: every value quoted, quotes doubled, CRLF between rows). A cell
 * that a spreadsheet would read as a formula (starting with = + - @, a tab or a CR) gets a leading `'`, so an
 * attacker-written display name cannot run a formula on the person opening the file (OWASP "CSV injection").
 */
import type { LogEvent } from '../okta/index.ts';
import { textOf as text } from '../text/visible-text.ts';

type Column = readonly [header: string, value: (event: LogEvent) => unknown];

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function targets(event: LogEvent, field: string): string {
  if (!Array.isArray(event.target)) return '';
  return event.target.map((target) => text(record(target)[field])).join('; ');
}

/** The exported columns, in order. */
export const CSV_COLUMNS: readonly Column[] = [
  ['published', (e) => e.published],
  ['uuid', (e) => e.uuid],
  ['eventType', (e) => e.eventType],
  ['severity', (e) => e.severity],
  ['displayMessage', (e) => e.displayMessage],
  ['outcome.result', (e) => record(e.outcome).result],
  ['outcome.reason', (e) => record(e.outcome).reason],
  ['actor.id', (e) => record(e.actor).id],
  ['actor.type', (e) => record(e.actor).type],
  ['actor.alternateId', (e) => record(e.actor).alternateId],
  ['actor.displayName', (e) => record(e.actor).displayName],
  ['target.id', (e) => targets(e, 'id')],
  ['target.type', (e) => targets(e, 'type')],
  ['target.displayName', (e) => targets(e, 'displayName')],
  ['client.ipAddress', (e) => record(e.client).ipAddress],
  ['client.geographicalContext.city', (e) => record(record(e.client).geographicalContext).city],
  ['client.geographicalContext.country', (e) => record(record(e.client).geographicalContext).country],
  ['client.userAgent.rawUserAgent', (e) => record(record(e.client).userAgent).rawUserAgent],
  ['transaction.id', (e) => record(e.transaction).id],
  ['authenticationContext.externalSessionId', (e) => record(e.authenticationContext).externalSessionId],
];

const FORMULA_START = /^[=+\-@\t\r]/;

/** One quoted cell, neutralised when a spreadsheet would take it for a formula. */
export function csvCell(value: unknown): string {
  const raw = text(value);
  const safe = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** One line of cells, ending in CRLF (any table: the System Log's, the CLI's users). */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** The header line (with a UTF-8 byte order mark so that spreadsheets read the file as UTF-8). */
export function csvHeader(): string {
  return `\uFEFF${csvLine(CSV_COLUMNS.map(([header]) => header))}`;
}

/** The lines for `events`, each ending in CRLF. */
export function csvRows(events: readonly LogEvent[]): string {
  let out = '';
  for (const event of events) out += csvLine(CSV_COLUMNS.map(([, value]) => value(event)));
  return out;
}

/** NDJSON lines for `events`: one compact JSON object per line (JSON escapes CR and LF inside strings). */
export function ndjsonRows(events: readonly LogEvent[]): string {
  let out = '';
  for (const event of events) out += `${JSON.stringify(event)}\n`;
  return out;
}
