/**
 * An origin lets an edge play any stream with a valid pull token (signed with
 * the cluster secret, pullToken.ts), whatever the app's own token rules; every
 * other request goes to the node's own policy.
 */
import type { AccessPolicy, AccessRequest } from '../auth/accessPolicy.js';
import { isPullToken, verifyPullToken } from './pullToken.js';

export function withClusterPulls(inner: AccessPolicy, cluster: { redisUrl: string; secret: string }, now: () => number = Date.now): AccessPolicy {
  if (cluster.redisUrl === '') return inner;
  const { secret } = cluster;
  return {
    allows(request: AccessRequest) {
      if (request.action === 'play' && isPullToken(request.token)) return verifyPullToken(secret, request.streamId, request.token, now()) !== undefined;
      return inner.allows(request);
    },
  };
}
