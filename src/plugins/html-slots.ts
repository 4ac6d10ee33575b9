/**
 * Large fragments that a page places with a marker comment, `<!--slot:NAME-->`, instead of printing them: the
 * page is rendered without them and the response is put together as bytes, each fragment that is kept encoded
 * once (`Html.encode`) however often it is sent. The System Log table's rows are the reason: encoding a few hundred kilobytes of cached rows again for every view cost more than everything
 * else on the page. Data cannot forge a marker: every value a template prints has its `<` escaped, so `<!--` in a
 * rendered page comes from a template.
 */
import type { Html } from '../text/html.ts';

/** Fragments by slot name. */
export type HtmlSlots = Readonly<Record<string, readonly Html[]>>;

const MARKER = /<!--slot:([a-z][a-z-]*)-->/g;

/** Thrown when a page and its slots disagree (a marker without fragments, or fragments without a marker). */
export class SlotMismatchError extends Error {
  readonly code = 'VIEW_SLOT_MISMATCH';
  constructor(message: string) {
    super(message);
    this.name = 'SlotMismatchError';
  }
}

/**
 * The page as UTF-8 with each slot's fragments in place of its marker. A slot with fragments must be placed
 * exactly once; an empty one may have no marker (a page without results has no table). A fragment already encoded
 * (`Html.encoded`, e.g. a cached row) is copied as its bytes; the page's own text and the fragments made for this
 * page only are encoded straight into the result, each part on its own: joined into one string first, a single
 * character outside Latin-1 anywhere (a dash in the layout, a name in a row) would make the whole page a two-byte
 * string, several times slower to encode.
 */
export function fillSlots(html: string, slots: HtmlSlots): Buffer {
  const parts: (string | Buffer)[] = [];
  const placed = new Set<string>();
  let last = 0;
  for (const match of html.matchAll(MARKER)) {
    const name = match[1] ?? '';
    const fragments = Object.hasOwn(slots, name) ? slots[name] : undefined;
    if (fragments === undefined || placed.has(name)) {
      throw new SlotMismatchError(`slot "${name}" has no fragments or is placed twice`);
    }
    placed.add(name);
    parts.push(html.slice(last, match.index));
    for (const fragment of fragments) parts.push(fragment.encoded ?? fragment.toString());
    last = match.index + match[0].length;
  }
  const missing = Object.keys(slots).filter((name) => !placed.has(name) && (slots[name]?.length ?? 0) > 0);
  if (missing.length > 0) throw new SlotMismatchError(`the page has no marker for slot(s) ${missing.join(', ')}`);
  if (parts.length === 0) return Buffer.from(html, 'utf8');
  parts.push(html.slice(last));
  return joinUtf8(parts);
}

/**
 * Where pages are encoded before being copied out at their exact size (fillSlots runs to its end at once). Made at
 * the first page, not at start-up.
 */
let scratch: Buffer | undefined;
const SCRATCH_FIRST_BYTES = 256 * 1024;
/** The scratch buffer grows up to this; a larger page gets one of its own. */
const SCRATCH_KEPT_BYTES = 4 * 1024 * 1024;
/** The most UTF-8 bytes one UTF-16 code unit can take. */
const MAX_BYTES_PER_UNIT = 3;

/**
 * Strings (encoded as UTF-8) and bytes, one after the other, in one buffer. Measuring each string's UTF-8 length
 * first cost as much as encoding it (a row with one name outside Latin-1 is a two-byte string, measured character
 * by character); instead each is encoded straight into a buffer with room for the worst case, and the page is
 * copied out of it.
 */
function joinUtf8(parts: readonly (string | Buffer)[]): Buffer {
  let bound = 0;
  for (const part of parts) bound += typeof part === 'string' ? MAX_BYTES_PER_UNIT * part.length : part.length;
  const kept = scratch?.length ?? 0;
  if (bound > kept && bound <= SCRATCH_KEPT_BYTES) {
    scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_KEPT_BYTES, Math.max(bound, 2 * kept, SCRATCH_FIRST_BYTES)));
  }
  const target = scratch !== undefined && bound <= scratch.length ? scratch : Buffer.allocUnsafeSlow(bound);
  let offset = 0;
  for (const part of parts) {
    if (typeof part === 'string') offset += target.write(part, offset, 'utf8');
    else offset += part.copy(target, offset);
  }
  const joined = Buffer.allocUnsafe(offset);
  target.copy(joined, 0, 0, offset);
  return joined;
}
