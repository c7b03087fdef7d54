/** Express middleware: the REST credentials (auth/restCredentials.ts) or 401. */
import type { RequestHandler } from 'express';
import type { RelayServerConfig } from '../config.js';
import type { Logger } from '../log.js';
import { checkRestCredentials } from '../auth/restCredentials.js';

export function requireRestCredentials(rest: RelayServerConfig['rest'], log: Logger): RequestHandler {
  return (request, response, next) => {
    const verdict = checkRestCredentials(rest, { headers: request.headers, remoteAddress: request.socket.remoteAddress });
    if (verdict.ok) return next();
    log.info('REST request refused', { path: request.path, remoteAddress: request.socket.remoteAddress, reason: verdict.reason });
    // Basic lets a browser ask for the key, so the dashboard works in a plain tab (RFC 7617).
    response.setHeader('WWW-Authenticate', 'Basic realm="RelayRTC", charset="UTF-8"');
    response.status(401).json({ success: false, message: `unauthorized: ${verdict.reason}` });
  };
}
