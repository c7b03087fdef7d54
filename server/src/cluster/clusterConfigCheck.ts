/**
 * Checks of the cluster settings that need more than one value: run with the
 * others (config/checks.ts) so a node never joins a cluster half-configured.
 */
import type { RelayServerConfig } from '../config.js';
import { ConfigError } from '../config/values.js';

/** The secret keys HMAC-SHA256 (RFC 2104 §3: no shorter than the hash output, 32 bytes). */
export const MIN_CLUSTER_SECRET_LENGTH = 32;

/** Node ids go into Redis keys and into the pull token's dot-separated fields. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** `all`, or a frame height such as `360`. */
export function parseEdgeLayers(value: string): 'all' | number | undefined {
  if (value === 'all') return 'all';
  return /^[1-9]\d{0,4}$/.test(value) ? Number(value) : undefined;
}

export function checkClusterConfig(cluster: RelayServerConfig['cluster']): void {
  if (cluster.redisUrl === '') return;
  const fail = (key: string, message: string): never => {
    throw new ConfigError(`cluster.${key}`, `cluster.${key} ${message}`);
  };
  let redis: URL | undefined;
  try {
    redis = new URL(cluster.redisUrl);
  } catch {
    // reported below
  }
  if (!redis || !['redis:', 'rediss:'].includes(redis.protocol) || redis.hostname === '') {
    fail('redisUrl', `must be a URL like redis://127.0.0.1:6379, got '${cluster.redisUrl}'`);
  }
  if (cluster.secret.length < MIN_CLUSTER_SECRET_LENGTH) {
    fail('secret', `must be at least ${MIN_CLUSTER_SECRET_LENGTH} characters when cluster.redisUrl is set (it signs the edges' pulls with HMAC-SHA256)`);
  }
  if (cluster.advertisedUrl !== '' && !/^https?:\/\/[^/]+\/?$/.test(cluster.advertisedUrl)) {
    fail('advertisedUrl', `must be http(s)://host:port, got '${cluster.advertisedUrl}'`);
  }
  if (cluster.nodeId !== '' && !NODE_ID_PATTERN.test(cluster.nodeId)) {
    fail('nodeId', `may only hold letters, digits, '_' and '-' (1-64 of them), got '${cluster.nodeId}'`);
  }
  if (cluster.nodeTimeoutMs < 2 * cluster.heartbeatMs) {
    fail('nodeTimeoutMs', `(${cluster.nodeTimeoutMs}) must be at least twice cluster.heartbeatMs (${cluster.heartbeatMs}): one late heartbeat must not kill a node`);
  }
  if (parseEdgeLayers(cluster.edgeLayers) === undefined) {
    fail('edgeLayers', `must be 'all' or a frame height such as 360, got '${cluster.edgeLayers}'`);
  }
}
