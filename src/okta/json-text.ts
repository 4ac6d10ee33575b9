/**
 * UTF-8 JSON bytes as the cheapest string that `JSON.parse` reads to the same value. On Node 20, decoding UTF-8
 * is fast only while the bytes are ASCII: from the first other byte on, V8 decodes byte by byte into a two-byte
 * string. A System Log page is ASCII but for a few names and cities (a "São Paulo" in one event in four), and that
 * made decoding a 170 KB page cost half as much as parsing it. So only the small blocks that hold such characters
 * are decoded, and each of their characters is written as a JSON escape (`\u00e3`), which parses to the same
 * character: the text is ASCII, decoded at copying speed into a one-byte string.
 */
import { isAscii, isUtf8 } from 'node:buffer';

/** Blocks checked for non-ASCII bytes at once; a block that has some is decoded in smaller ones. */
const BLOCK_BYTES = 4096;
const SMALL_BLOCK_BYTES = 256;
const NOT_ASCII = /[\u0080-\uffff]/g;
const BACKSLASH = 0x5c;

/** `\uXXXX` for one UTF-16 code unit (a character past U+FFFF becomes its two surrogates, as JSON writes it). */
function jsonEscape(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** True for a UTF-8 continuation byte (10xxxxxx): never the first byte of a character. */
function continues(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** The first character boundary at or before `at` (valid UTF-8 has at most three continuation bytes in a row). */
function boundary(bytes: Buffer, at: number): number {
  if (at >= bytes.length) return bytes.length;
  let end = at;
  while (continues(bytes[end])) end--;
  return end;
}

/**
 * The text of `bytes` for `JSON.parse`: the same value as parsing the UTF-8 decoding, and the same SyntaxError
 * for invalid JSON. Falls back to plain decoding for bytes that are not valid UTF-8 (replacement characters
 * then come from the decoder as usual) and where a non-ASCII character follows a backslash (an invalid escape
 * that must stay invalid, not turn into `\\` followed by text).
 */
export function jsonText(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  if (!isUtf8(bytes)) return bytes.toString('utf8');
  const parts: (Buffer | string)[] = [];
  let size = 0;
  let escapable = true;
  const escaped = (from: number, to: number): void => {
    const text = bytes.toString('utf8', from, to).replace(NOT_ASCII, (unit, offset: number, block: string) => {
      const before = offset > 0 ? block.charCodeAt(offset - 1) : bytes[from - 1];
      if (before === BACKSLASH) escapable = false;
      return jsonEscape(unit);
    });
    parts.push(text);
    size += text.length;
  };
  const copied = (from: number, to: number): void => {
    parts.push(bytes.subarray(from, to));
    size += to - from;
  };
  for (let start = 0; start < bytes.length; ) {
    const end = boundary(bytes, start + BLOCK_BYTES);
    if (isAscii(bytes.subarray(start, end))) {
      copied(start, end);
    } else {
      for (let from = start; from < end; ) {
        const to = Math.min(boundary(bytes, from + SMALL_BLOCK_BYTES), end);
        if (isAscii(bytes.subarray(from, to))) copied(from, to);
        else escaped(from, to);
        from = to;
      }
    }
    start = end;
  }
  if (!escapable) return bytes.toString('utf8');
  const ascii = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const part of parts) {
    offset += typeof part === 'string' ? ascii.write(part, offset, 'latin1') : part.copy(ascii, offset);
  }
  return ascii.toString('latin1');
}
