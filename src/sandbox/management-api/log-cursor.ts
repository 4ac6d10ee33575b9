import { OktaApiError } from './okta-error.ts';

/** Where a System Log listing stopped, and the bounds it was asked for. Clients treat it as opaque. */
export type LogCursor =
  | { mode: 'polling'; sinceMs: number /** last sequence examined */; sequence: number }
  | {
      mode: 'bounded';
      order: 'ASCENDING' | 'DESCENDING';
      sinceMs: number;
      untilMs: number;
      /** The last event returned: its `published` time and sequence (ties are ordered by sequence). */
      publishedMs: number;
      sequence: number;
    };

/** Encodes a cursor as an opaque `after` value. */
export function encodeLogCursor(cursor: LogCursor): string {
  const fields =
    cursor.mode === 'polling'
      ? ['p', cursor.sinceMs, cursor.sequence]
      : [
          'b',
          cursor.order === 'ASCENDING' ? 'a' : 'd',
          cursor.sinceMs,
          cursor.untilMs,
          cursor.publishedMs,
          cursor.sequence,
        ];
  return Buffer.from(fields.join('.')).toString('base64url');
}

/** Decodes an `after` value; anything the sandbox did not issue is 400 E0000001. */
export function decodeLogCursor(after: string): LogCursor {
  const fields = Buffer.from(after, 'base64url').toString('utf8').split('.');
  const numbers = fields
    .slice(fields[0] === 'b' ? 2 : 1)
    .map((field) => (/^-?\d+$/.test(field) ? Number(field) : Number.NaN));
  const valid = numbers.every(Number.isSafeInteger);
  if (valid && fields[0] === 'p' && numbers.length === 2) {
    return { mode: 'polling', sinceMs: numbers[0] as number, sequence: numbers[1] as number };
  }
  if (valid && fields[0] === 'b' && (fields[1] === 'a' || fields[1] === 'd') && numbers.length === 4) {
    const [sinceMs, untilMs, publishedMs, sequence] = numbers as [number, number, number, number];
    return {
      mode: 'bounded',
      order: fields[1] === 'a' ? 'ASCENDING' : 'DESCENDING',
      sinceMs,
      untilMs,
      publishedMs,
      sequence,
    };
  }
  throw new OktaApiError(400, 'E0000001', "Api validation failed: 'after': The paging cursor is not valid.", [
    'after: The paging cursor is not valid.',
  ]);
}
