/**
 * Checks a DPoP proof JWT (RFC 9449 §4.3) as Okta's resource server does, and names what is wrong in Okta's words
 * (error catalogue, `invalid_dpop_proof` descriptions). The signature is checked with jose against the proof's own
 * embedded `jwk`; binding to a token (`cnf.jkt`), the nonce and replay are the caller's business.
 */
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, errors, type JWK, jwtVerify } from 'jose';

/** The algorithms Okta's DPoP challenge advertises (`algs="RS256 RS384 RS512 ES256 ES384 ES512"`). */
export const DPOP_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;

/** How far in the past a proof's `iat` may be: the catalogue's "issued more than five minutes in the past". */
export const PROOF_MAX_AGE_SECONDS = 300;
/** How far in the future a proof's `iat` may be (clock skew) before it is "issued in the future". */
export const PROOF_MAX_SKEW_SECONDS = 60;

/** Okta's descriptions for a proof it refuses (error `invalid_dpop_proof`). */
export const PROOF_ERRORS = {
  missing: 'The DPoP proof JWT header is missing.',
  multiple: 'Multiple DPoP proof JWT headers are not allowed.',
  unparsable: 'The DPoP proof JWT cannot be parsed.',
  invalid: 'The DPoP proof JWT is invalid.',
  typ: "'typ' must be 'dpop+jwt' in the DPoP proof JWT.",
  alg: 'The DPoP proof JWT signature algorithm is invalid.',
  signature: 'The DPoP proof JWT signature is invalid.',
  htm: "'htm' claim in the DPoP proof JWT is invalid.",
  htu: "'htu' claim in the DPoP proof JWT is invalid.",
  iat: "'iat' claim in the DPoP proof JWT is invalid.",
  future: 'The DPoP proof JWT is issued in the future.',
  tooOld: 'The DPoP proof JWT is issued more than five minutes in the past.',
  jti: "'jti' claim in the DPoP proof JWT is invalid.",
  replayed: 'The DPoP proof JWT has already been used.',
  ath: "'ath' claim in the DPoP proof does not match the presented access_token.",
  notBound: 'The access_token is not bound to the provided DPoP proof.',
  refreshBinding: 'Invalid DPoP Public Key binding in refresh token',
} as const;

export interface ProofExpectations {
  /** The request's method. */
  htm: string;
  /** The request's URL; its query and fragment are ignored, as RFC 9449 §4.3 says. */
  htu: string;
  /** The access token the request presents; the proof's `ath` must be its SHA-256 hash. */
  accessToken?: string;
  nowSeconds: number;
}

export type ProofCheck =
  | { ok: true; jkt: string; jti: string; iat: number; nonce?: string }
  | { ok: false; description: string };

/** base64url(SHA-256(token)), the `ath` a proof for `token` carries. */
export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function withoutQuery(url: string): string | undefined {
  const parsed = URL.parse(url);
  if (!parsed) return undefined;
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

type VerifiedProof = Awaited<ReturnType<typeof jwtVerify>>;

/** The proof verified (form and signature; claims not looked at), or why it is refused. */
async function verifiedProof(proof: string): Promise<{ problem: string } | { verified: VerifiedProof }> {
  // Node joins repeated headers with ", "; a compact JWT never contains a comma.
  if (proof.includes(',')) return { problem: PROOF_ERRORS.multiple };
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    return { problem: PROOF_ERRORS.unparsable };
  }
  if (header.typ !== 'dpop+jwt') return { problem: PROOF_ERRORS.typ };
  if (!(DPOP_ALGORITHMS as readonly string[]).includes(String(header.alg))) return { problem: PROOF_ERRORS.alg };
  if (typeof header.jwk !== 'object' || header.jwk === null) return { problem: PROOF_ERRORS.invalid };
  try {
    return { verified: await jwtVerify(proof, EmbeddedJWK, { algorithms: [...DPOP_ALGORITHMS], typ: 'dpop+jwt' }) };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return { problem: PROOF_ERRORS.signature };
    if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) {
      return { problem: PROOF_ERRORS.unparsable };
    }
    return { problem: PROOF_ERRORS.invalid };
  }
}

/** Why a proof's form or signature is refused, or null when both are fine (claims not looked at). */
export async function proofFormProblem(proof: string): Promise<string | null> {
  const result = await verifiedProof(proof);
  return 'problem' in result ? result.problem : null;
}

/** Checks `proof` against the request it came with. */
export async function checkProof(proof: string, expect: ProofExpectations): Promise<ProofCheck> {
  const result = await verifiedProof(proof);
  if ('problem' in result) return { ok: false, description: result.problem };
  const { payload, protectedHeader } = result.verified;
  if (payload.htm !== expect.htm) return { ok: false, description: PROOF_ERRORS.htm };
  if (typeof payload.htu !== 'string' || withoutQuery(payload.htu) !== withoutQuery(expect.htu)) {
    return { ok: false, description: PROOF_ERRORS.htu };
  }
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) {
    return { ok: false, description: PROOF_ERRORS.iat };
  }
  if (payload.iat > expect.nowSeconds + PROOF_MAX_SKEW_SECONDS) return { ok: false, description: PROOF_ERRORS.future };
  if (payload.iat < expect.nowSeconds - PROOF_MAX_AGE_SECONDS) return { ok: false, description: PROOF_ERRORS.tooOld };
  if (typeof payload.jti !== 'string' || payload.jti === '') return { ok: false, description: PROOF_ERRORS.jti };
  if (expect.accessToken !== undefined && payload.ath !== accessTokenHash(expect.accessToken)) {
    return { ok: false, description: PROOF_ERRORS.ath };
  }
  const jkt = await calculateJwkThumbprint(protectedHeader.jwk as JWK);
  return {
    ok: true,
    jkt,
    jti: payload.jti,
    iat: payload.iat,
    ...(typeof payload.nonce === 'string' ? { nonce: payload.nonce } : {}),
  };
}
