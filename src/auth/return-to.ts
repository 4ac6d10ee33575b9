const MAX_LENGTH = 2048;

/**
 * Where to go after sign-in: only a path on this app. Anything that could leave the origin once a browser
 * reads it (`//host`, `/\host`, schemes, control characters, encoded slashes or backslashes) falls back to `/`.
 */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return '/';
  }
  for (const candidate of [raw, decoded]) {
    if (!/^\/(?![/\\])/.test(candidate)) return '/';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
    if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return '/';
  }
  const resolved = new URL(raw, 'http://app.invalid');
  if (resolved.origin !== 'http://app.invalid') return '/';
  return resolved.pathname + resolved.search;
}
