/**
 * Who may call the REST API, read the dashboard (and /metrics when so
 * configured): an API key (`Authorization: Bearer <key>`, `X-API-Key: <key>`,
 * or the password of Basic auth, which lets a browser show the dashboard), or
 * an HS256 JWT in `Authorization` (Ant Media sends it bare, without
 * `Bearer`). With neither configured, loopback clients only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RelayServerConfig } from '../config.js';
import { looksLikeJwt, verifyJwt } from './jwt.js';

export type CredentialVerdict = { ok: true; via: 'apiKey' | 'jwt' | 'loopback' } | { ok: false; reason: string };

/** Compares in constant time (hashes first, so lengths leak nothing either). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** The secret a request presents, from whichever header carries it. */
function presented(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const authorization = headers.authorization?.trim();
  if (!authorization) return undefined;
  const [scheme, value = ''] = authorization.split(/\s+/, 2) as [string, string?];
  if (/^bearer$/i.test(scheme)) return value;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : decoded;
  }
  return authorization;
}

export function checkRestCredentials(
  rest: RelayServerConfig['rest'],
  request: { headers: IncomingHttpHeaders; remoteAddress: string | undefined },
  nowSeconds: number = Date.now() / 1000,
): CredentialVerdict {
  const configured = rest.apiKeys.length > 0 || rest.jwtSecret !== '';
  if (!configured) {
    return isLoopback(request.remoteAddress) ? { ok: true, via: 'loopback' } : { ok: false, reason: 'no credentials are configured: loopback clients only' };
  }
  const secret = presented(request.headers);
  if (secret === undefined || secret === '') return { ok: false, reason: 'no credentials' };
  if (rest.apiKeys.some((key) => sameSecret(key, secret))) return { ok: true, via: 'apiKey' };
  if (rest.jwtSecret !== '' && looksLikeJwt(secret)) {
    const verdict = verifyJwt(secret, { hs256Secret: rest.jwtSecret }, { nowSeconds, leewaySeconds: 0 });
    return verdict.ok ? { ok: true, via: 'jwt' } : { ok: false, reason: `JWT ${verdict.reason}` };
  }
  return { ok: false, reason: 'unknown credentials' };
}
