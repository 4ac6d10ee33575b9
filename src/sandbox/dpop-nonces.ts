import { hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long one nonce value is current; a nonce stays acceptable two steps either side of its own. */
const STEP_SECONDS = 60;

/**
 * The org's DPoP nonces (RFC 9449 §8–9), shared by the authorization server and the management API.
 *
 * Okta serves both from the org origin, and DPoP clients (openid-client's DPoP handle, Okta's SDKs) keep one nonce per
 * origin: so a nonce the token endpoint handed out must also satisfy the management API, and the other way round.
 * oidc-provider derives its nonces from `features.dPoP.nonceSecret` as HKDF-SHA256(secret, 64-bit time step, "DPoP")
 * and accepts the steps around now; these are derived the same way from the same secret, so either side accepts the
 * other's nonce. The integration tests check that a token-endpoint nonce passes at /api/v1 without a new challenge.
 */
export class DpopNonces {
  readonly secret: Buffer;
  /** The values of the steps around #step (offsets −2…+2), derived once per step rather than once per request. */
  #step = Number.NaN;
  #window: readonly Buffer[] = [];

  constructor(secret: Buffer = randomBytes(32)) {
    if (secret.byteLength !== 32) throw new TypeError('the DPoP nonce secret must be 32 bytes');
    this.secret = secret;
  }

  /** The nonce to hand out now (the same value oidc-provider hands out). */
  next(nowSeconds = Date.now() / 1000): string {
    return (this.#values(nowSeconds)[3] as Buffer).toString();
  }

  /** Whether `nonce` is one handed out recently (by either endpoint). */
  accepts(nonce: string, nowSeconds = Date.now() / 1000): boolean {
    const given = Buffer.from(nonce);
    let matched = false;
    for (const expected of this.#values(nowSeconds)) {
      if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
    }
    return matched;
  }

  #values(nowSeconds: number): readonly Buffer[] {
    const step = Math.floor(nowSeconds / STEP_SECONDS);
    if (step !== this.#step) {
      this.#window = [-2, -1, 0, 1, 2].map((offset) => Buffer.from(this.#value(step + offset)));
      this.#step = step;
    }
    return this.#window;
  }

  #value(step: number): string {
    const salt = Buffer.alloc(8);
    salt.writeBigInt64BE(BigInt(step));
    return Buffer.from(hkdfSync('sha256', this.secret, salt, 'DPoP', 32)).toString('base64url');
  }
}
