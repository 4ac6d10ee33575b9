/**
 * True when an `Accept` header ranks `application/json` above `text/html` (RFC 9110 §12.5.1: the most specific
 * matching range decides each type's quality). Ties, a missing header and `*\/*` go to HTML, so browsers get pages.
 */
export function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').flatMap((part) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return type && Number.isFinite(q) ? [{ type: type.trim(), q }] : [];
  });
  return quality(ranges, 'application/json') > quality(ranges, 'text/html');
}

function quality(ranges: { type: string; q: number }[], mediaType: string): number {
  const [main] = mediaType.split('/');
  const match =
    ranges.find((r) => r.type === mediaType) ??
    ranges.find((r) => r.type === `${main}/*`) ??
    ranges.find((r) => r.type === '*/*');
  return match?.q ?? 0;
}
