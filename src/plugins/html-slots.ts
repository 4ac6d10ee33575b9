/**
 * Large fragments that a page places with a marker comment, `<!--slot:NAME-->`, instead of printing them: the
 * page is rendered without them and the response is put together from byte chunks, each fragment encoded once
 * (`Html.bytes`) however often it is sent (the view plugin copies the chunks into the one buffer it sends). The System Log table's rows
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
 * placed exactly once; an empty one may have no marker (a page without results has no table).
 */
export function fillSlots(html: string, slots: HtmlSlots): Buffer[] {
  const parts: Buffer[] = [];
  const placed = new Set<string>();
  let last = 0;
  for (const match of html.matchAll(MARKER)) {
    const name = match[1] ?? '';
    const fragments = Object.hasOwn(slots, name) ? slots[name] : undefined;
    if (fragments === undefined || placed.has(name)) {
      throw new SlotMismatchError(`slot "${name}" has no fragments or is placed twice`);
    }
    placed.add(name);
    parts.push(Buffer.from(html.slice(last, match.index), 'utf8'));
    for (const fragment of fragments) parts.push(fragment.bytes);
    last = match.index + match[0].length;
  }
  const missing = Object.keys(slots).filter((name) => !placed.has(name) && (slots[name]?.length ?? 0) > 0);
  if (missing.length > 0) throw new SlotMismatchError(`the page has no marker for slot(s) ${missing.join(', ')}`);
  parts.push(Buffer.from(html.slice(last), 'utf8'));
  return parts;
}
