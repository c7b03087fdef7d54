/**
 * The token an edge plays a stream with on its origin: which node pulls,
 * until when, which layers, signed with the cluster secret (HMAC-SHA256,
 * RFC 2104) over the stream id too, so a token is good for one stream only.
 * Ant Media authenticates its inter-node traffic with clusterCommunicationKey
 * the same way: a shared secret, nothing per node.
 *
 *   cluster1.<nodeId>.<expires, s since epoch>.<all|height>.<base64url MAC>
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 'cluster1';

/** Long enough for a pull to be set up on a loaded machine, short enough that a leaked token soon expires. */
export const PULL_TOKEN_LIFETIME_S = 60;

export interface PullGrant {
  nodeId: string;
  /** Every simulcast layer, or the one nearest this frame height. */
  layers: 'all' | number;
}

function mac(secret: string, body: string, streamId: string): Buffer {
  return createHmac('sha256', secret).update(`${body}.${streamId}`).digest();
}

export function isPullToken(token: string | undefined): token is string {
  return token !== undefined && token.startsWith(`${VERSION}.`);
}

export function signPullToken(secret: string, streamId: string, grant: PullGrant, nowMs: number): string {
  const expires = Math.floor(nowMs / 1000) + PULL_TOKEN_LIFETIME_S;
  const body = `${VERSION}.${grant.nodeId}.${expires}.${grant.layers}`;
  return `${body}.${mac(secret, body, streamId).toString('base64url')}`;
}

/** The grant, or undefined when the token is malformed, forged, for another stream or expired. */
export function verifyPullToken(secret: string, streamId: string, token: string, nowMs: number): PullGrant | undefined {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return undefined;
  const [, nodeId, expires, layers, signature] = parts as [string, string, string, string, string];
  const expected = mac(secret, parts.slice(0, 4).join('.'), streamId);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (!/^\d+$/.test(expires) || Number(expires) * 1000 < nowMs) return undefined;
  if (layers === 'all') return { nodeId, layers };
  return /^\d+$/.test(layers) ? { nodeId, layers: Number(layers) } : undefined;
}
