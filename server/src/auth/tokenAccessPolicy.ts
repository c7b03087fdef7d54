/**
 * Publish and play tokens, required per app by configuration
 * (security.publishTokenApps / playTokenApps): a JWT whose claims name the
 * stream (`streamId`), the action (`type`: publish or play) and an expiry
 * (`exp`), signed HS256 or RS256 with a configured key; or a one-time token
 * created over REST. Apps that require nothing are open.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RelayServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { AccessPolicy, AccessRequest } from './accessPolicy.js';
import { looksLikeJwt, verifyJwt, type JwtKeys } from './jwt.js';
import type { OneTimeTokens } from './oneTimeTokens.js';

export function appRequiresToken(apps: readonly string[], app: string): boolean {
  return apps.includes('*') || apps.includes(app);
}

export function jwtKeysFrom(config: RelayServerConfig['security']['jwt'], readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): JwtKeys {
  const keys: JwtKeys = {};
  if (config.secret !== '') keys.hs256Secret = config.secret;
  if (config.publicKeyFile !== '') keys.rs256PublicKey = createPublicKey(readFile(config.publicKeyFile)) as KeyObject;
  return keys;
}

export class TokenAccessPolicy implements AccessPolicy {
  private readonly keys: JwtKeys;

  constructor(
    private readonly security: RelayServerConfig['security'],
    private readonly oneTime: OneTimeTokens,
    private readonly log: Logger,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {
    this.keys = jwtKeysFrom(security.jwt);
  }

  allows(request: AccessRequest): boolean {
    const apps = request.action === 'publish' ? this.security.publishTokenApps : this.security.playTokenApps;
    if (!appRequiresToken(apps, request.app)) return true;
    const reason = this.refusal(request);
    if (reason) this.log.debug('token refused', { action: request.action, streamId: request.streamId, app: request.app, reason });
    return reason === undefined;
  }

  /** Why the request's token does not grant it, or undefined when it does. */
  private refusal({ token, streamId, action }: AccessRequest): string | undefined {
    if (!token) return 'no token';
    if (looksLikeJwt(token) && (this.keys.hs256Secret !== undefined || this.keys.rs256PublicKey !== undefined)) {
      const verdict = verifyJwt(token, this.keys, { nowSeconds: this.nowSeconds(), leewaySeconds: this.security.jwt.leewaySeconds });
      if (!verdict.ok) return `JWT ${verdict.reason}`;
      const { claims } = verdict;
      if (typeof claims.exp !== 'number') return 'JWT has no exp claim';
      if (claims.streamId !== streamId) return 'JWT is for another stream';
      if (claims.type !== action) return `JWT is for ${String(claims.type)}, not ${action}`;
      return undefined;
    }
    return this.oneTime.consume(token, streamId, action) ? undefined : 'unknown, spent, expired or mismatched one-time token';
  }
}
