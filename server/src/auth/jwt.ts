/**
 * JSON Web Tokens (RFC 7519) in JWS compact serialization (RFC 7515 §7.1),
 * signed with HS256 (HMAC SHA-256) or RS256 (RSASSA-PKCS1-v1_5 SHA-256),
 * RFC 7518 §3.2-3.3. Only what the server needs: verify with the keys it is
 * configured with, and sign HS256 for tokens it hands out over REST.
 */
import { createHmac, sign as rsaSign, timingSafeEqual, verify as rsaVerify, type KeyObject } from 'node:crypto';

export type JwtAlgorithm = 'HS256' | 'RS256';

export interface JwtKeys {
  /** HS256 shared secret; undefined = HS256 tokens are refused. */
  hs256Secret?: string;
  /** RS256 public key; undefined = RS256 tokens are refused. */
  rs256PublicKey?: KeyObject;
}

export type JwtClaims = Record<string, unknown>;

export type JwtVerdict = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

export interface JwtTime {
  /** Seconds since the epoch (RFC 7519 §2 NumericDate). */
  nowSeconds: number;
  leewaySeconds: number;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function hmac(secret: string, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

function signatureValid(alg: JwtAlgorithm, keys: JwtKeys, signingInput: string, signature: Buffer): boolean {
  if (alg === 'HS256') {
    if (keys.hs256Secret === undefined) return false;
    const expected = hmac(keys.hs256Secret, signingInput);
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  if (keys.rs256PublicKey === undefined) return false;
  return rsaVerify('RSA-SHA256', Buffer.from(signingInput), keys.rs256PublicKey, signature);
}

/** Whether a string has the shape of a compact JWS (three base64url parts). */
export function looksLikeJwt(token: string): boolean {
  const parts = token.split('.');
  return parts.length === 3 && parts.every((part) => part.length > 0 && BASE64URL.test(part));
}

/**
 * Verifies signature and time claims. The algorithm must be one we hold a
 * key for: `none` and any other `alg` are refused (RFC 8725 §3.1), so a
 * token cannot choose a weaker check than the one configured.
 */
export function verifyJwt(token: string, keys: JwtKeys, time: JwtTime): JwtVerdict {
  if (!looksLikeJwt(token)) return { ok: false, reason: 'not a compact JWS' };
  const [headerPart, payloadPart, signaturePart] = token.split('.') as [string, string, string];
  const header = decodeJson(headerPart);
  if (!header) return { ok: false, reason: 'header is not a JSON object' };
  const alg = header.alg;
  if (alg !== 'HS256' && alg !== 'RS256') return { ok: false, reason: `algorithm ${JSON.stringify(alg)} is not accepted` };
  // RFC 7515 §4.1.11: a JWS with critical extensions we do not understand must be rejected.
  if (header.crit !== undefined) return { ok: false, reason: 'critical header parameters are not supported' };
  if (!signatureValid(alg, keys, `${headerPart}.${payloadPart}`, Buffer.from(signaturePart, 'base64url'))) {
    return { ok: false, reason: `${alg} signature does not verify (or no ${alg} key is configured)` };
  }
  const claims = decodeJson(payloadPart);
  if (!claims) return { ok: false, reason: 'claims are not a JSON object' };
  const { nowSeconds, leewaySeconds } = time;
  // RFC 7519 §4.1.4: not accepted on or after `exp`; §4.1.5: not accepted before `nbf`.
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || nowSeconds >= claims.exp + leewaySeconds)) return { ok: false, reason: 'expired' };
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || nowSeconds < claims.nbf - leewaySeconds)) return { ok: false, reason: 'not valid yet' };
  return { ok: true, claims };
}

export type JwtSigningKey = { alg: 'HS256'; secret: string } | { alg: 'RS256'; privateKey: KeyObject | string };

/** Signs `claims` (RFC 7515 §5.1); used for tokens handed out over REST and by tests. */
export function signJwt(claims: JwtClaims, key: JwtSigningKey): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: key.alg, typ: 'JWT' })}.${encode(claims)}`;
  const signature = key.alg === 'HS256' ? hmac(key.secret, signingInput) : rsaSign('RSA-SHA256', Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}
