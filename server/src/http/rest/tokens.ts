/**
 * Stream tokens over REST, as Ant Media names them:
 * `GET /broadcasts/{id}/token?expireDate=<s>&type=publish|play` makes a
 * one-time token; `GET /broadcasts/{id}/jwt-token?expireDate=<s>&type=…`
 * signs an HS256 JWT (RFC 7519) with the configured stream secret.
 */
import { Router, type Request } from 'express';
import { isValidStreamId } from 'relayrtc/protocol';
import { signJwt } from '../../auth/jwt.js';
import type { TokenType } from '../../auth/oneTimeTokens.js';
import { fail } from './broadcasts.js';
import type { RestContext } from './restContext.js';

type Params = { app: string; id: string };
type Query = { expireDate?: string; type?: string };

function readTokenRequest(request: Request<Params, unknown, unknown, Query>): { ok: true; type: TokenType; expireDate: number } | { ok: false; message: string } {
  const { expireDate, type } = request.query;
  if (!isValidStreamId(request.params.id)) return { ok: false, message: 'invalid stream id' };
  if (type !== 'publish' && type !== 'play') return { ok: false, message: "type must be 'publish' or 'play'" };
  const seconds = Number(expireDate);
  if (!Number.isInteger(seconds) || seconds <= Date.now() / 1000) return { ok: false, message: 'expireDate must be a future time in seconds since the epoch' };
  return { ok: true, type, expireDate: seconds };
}

export function tokenRoutes(rest: RestContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/:id/token', (request: Request<Params, unknown, unknown, Query>, response) => {
    const asked = readTokenRequest(request);
    if (!asked.ok) return fail(response, 400, asked.message);
    const token = rest.tokens.create(request.params.id, asked.type, asked.expireDate);
    response.json({ ...token, roomId: '' });
  });

  router.get('/:id/jwt-token', (request: Request<Params, unknown, unknown, Query>, response) => {
    const asked = readTokenRequest(request);
    if (!asked.ok) return fail(response, 400, asked.message);
    const secret = rest.ctx.config.security.jwt.secret;
    if (secret === '') return fail(response, 400, 'no stream JWT secret is configured (security.jwt.secret)');
    const tokenId = signJwt({ streamId: request.params.id, type: asked.type, exp: asked.expireDate }, { alg: 'HS256', secret });
    response.json({ tokenId, streamId: request.params.id, type: asked.type, expireDate: asked.expireDate });
  });

  return router;
}
