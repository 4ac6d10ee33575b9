/**
 * Large fragments that a page places with a marker comment, `<!--slot:NAME-->`, instead of printing them: the
 * page is rendered without them and the response is put together from byte chunks, each fragment that is kept
 * encoded once (`Html.encode`) however often it is sent (the view plugin copies the chunks into the one buffer it sends). The System Log table's rows
 * are the reason: encoding a few hundred kilobytes of cached rows again for every view cost more than everything
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
 * The page as UTF-8 chunks with each slot's fragments in place of its marker. A slot with fragments must be
 * placed exactly once; an empty one may have no marker (a page without results has no table). A fragment already
 * encoded (`Html.encoded`, e.g. a cached row) is sent as its bytes; the page's own text and fragments made for this
 * page only are joined and encoded together, one encoding for the lot rather than one buffer each.
 */
export function fillSlots(html: string, slots: HtmlSlots): Buffer[] {
  const parts: Buffer[] = [];
  const placed = new Set<string>();
  let text = '';
  let last = 0;
  for (const match of html.matchAll(MARKER)) {
    const name = match[1] ?? '';
    const fragments = Object.hasOwn(slots, name) ? slots[name] : undefined;
    if (fragments === undefined || placed.has(name)) {
      throw new SlotMismatchError(`slot "${name}" has no fragments or is placed twice`);
    }
    placed.add(name);
    text += html.slice(last, match.index);
    for (const fragment of fragments) {
      const bytes = fragment.encoded;
      if (bytes === undefined) {
        text += fragment.toString();
        continue;
      }
      if (text !== '') parts.push(Buffer.from(text, 'utf8'));
      text = '';
      parts.push(bytes);
    }
    last = match.index + match[0].length;
  }
  const missing = Object.keys(slots).filter((name) => !placed.has(name) && (slots[name]?.length ?? 0) > 0);
  if (missing.length > 0) throw new SlotMismatchError(`the page has no marker for slot(s) ${missing.join(', ')}`);
  text += html.slice(last);
  parts.push(Buffer.from(text, 'utf8'));
  return parts;
}
