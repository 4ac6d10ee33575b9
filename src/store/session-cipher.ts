import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// HKDF's salt and info separate these keys from every other use of the session secret (cookie signing).
const SALT = 'okta-scoped-viewer/session-cipher';
const KEY_INFO = 'aes-256-gcm key';
const KID_INFO = 'key id';

interface Key {
  id: string;
  key: Buffer;
}

/**
 * Encrypts what the app keeps in the shared store (sessions and their tokens) with AES-256-GCM, under keys derived
 * with HKDF-SHA256 from the session secrets. The first secret encrypts; every secret decrypts, so a secret can be
 * rotated: put the new one first and keep the old one until the values it encrypted have expired. A sealed value
 * is `v1.<key id>.<iv>.<ciphertext and tag>` (base64url), bound to the `context` it was sealed for (its store key),
 * so that a value copied under another key does not open.
 */
export class SessionCipher {
  readonly #keys: readonly Key[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0 || secrets.some((secret) => secret.length === 0)) {
      throw new TypeError('SessionCipher needs at least one secret, and no empty one');
    }
    this.#keys = secrets.map(deriveKey);
  }

  /** `plaintext` encrypted for `context` under the first secret, with a fresh random IV. */
  seal(plaintext: string, context: string): string {
    const [current] = this.#keys;
    if (current === undefined) throw new TypeError('no key'); // the constructor ensures one
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv);
    cipher.setAAD(associatedData(current.id, context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, current.id, iv.toString('base64url'), sealed.toString('base64url')].join('.');
  }

  /**
   * The plaintext of `sealed`, or undefined when it does not open: not sealed by this cipher, sealed for another
   * context, altered, or under a secret no longer configured. Callers treat that as absent.
   */
  open(sealed: string, context: string): string | undefined {
    const [version, id, ivText, bodyText, ...rest] = sealed.split('.');
    if (version !== VERSION || id === undefined || ivText === undefined || bodyText === undefined) return undefined;
    if (rest.length > 0) return undefined;
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) return undefined;
    // Two secrets may share a key id (it is short); each candidate is tried.
    for (const candidate of this.#keys) {
      if (candidate.id !== id) continue;
      const plaintext = decrypt(candidate, iv, body, context);
      if (plaintext !== undefined) return plaintext;
    }
    return undefined;
  }

  /** The JSON value sealed in `sealed` (see `open`), or undefined when it does not open or is not JSON. */
  openJson(sealed: string, context: string): unknown {
    const text = this.open(sealed, context);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
}

function deriveKey(secret: string): Key {
  const key = Buffer.from(hkdfSync('sha256', secret, SALT, KEY_INFO, 32));
  const id = Buffer.from(hkdfSync('sha256', secret, SALT, KID_INFO, 6)).toString('base64url');
  return { id, key };
}

function associatedData(id: string, context: string): Buffer {
  return Buffer.from(`${VERSION}.${id}.${context}`, 'utf8');
}

function decrypt(candidate: Key, iv: Buffer, body: Buffer, context: string): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', candidate.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(candidate.id, context));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
    return plaintext.toString('utf8');
  } catch {
    // GCM's tag did not verify: altered, or another key with the same id.
    return undefined;
  }
}
