/**
 * Deterministic pseudo-random values for seeding, so every run of the sandbox holds the same org.
 * mulberry32: small, fast and good enough for test data (not for secrets).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** An Okta-style id: a 3-character type prefix (`00u` users, `0oa` apps, …) and 17 characters. */
export function oktaId(prefix: string, random: () => number): string {
  let id = prefix;
  while (id.length < 20) id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return id;
}
