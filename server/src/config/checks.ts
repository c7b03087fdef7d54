/**
 * Checks that need more than one setting, or a file: run once after every
 * source has been applied, so a server never starts half-configured.
 */
import { createPublicKey } from 'node:crypto';
import { checkClusterConfig } from '../cluster/clusterConfigCheck.js';
import type { RelayServerConfig } from '../config.js';
import { ConfigError } from './values.js';

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output, 256 bits. */
export const MIN_HS256_SECRET_LENGTH = 32;

function readable(key: string, path: string, readFile: (path: string) => string): string {
  try {
    return readFile(path);
  } catch (error) {
    throw new ConfigError(key, `${key}: cannot read '${path}': ${(error as Error).message}`);
  }
}

function checkSecret(key: string, secret: string): void {
  if (secret !== '' && secret.length < MIN_HS256_SECRET_LENGTH) {
    throw new ConfigError(key, `${key} must be at least ${MIN_HS256_SECRET_LENGTH} characters (RFC 7518 §3.2: an HS256 key has at least 256 bits)`);
  }
}

export function checkConfig(config: RelayServerConfig, readFile: (path: string) => string): void {
  const { tls, security, rest, limits } = config;
  if ((tls.certFile === '') !== (tls.keyFile === '')) {
    const missing = tls.certFile === '' ? 'tls.certFile' : 'tls.keyFile';
    throw new ConfigError(missing, `${missing} is required when ${missing === 'tls.certFile' ? 'tls.keyFile' : 'tls.certFile'} is set (HTTPS needs both)`);
  }
  if (tls.certFile !== '') {
    readable('tls.certFile', tls.certFile, readFile);
    readable('tls.keyFile', tls.keyFile, readFile);
  }
  checkSecret('security.jwt.secret', security.jwt.secret);
  checkSecret('rest.jwtSecret', rest.jwtSecret);
  if (security.jwt.publicKeyFile !== '') {
    const pem = readable('security.jwt.publicKeyFile', security.jwt.publicKeyFile, readFile);
    try {
      const key = createPublicKey(pem);
      if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key, not RSA`);
    } catch (error) {
      throw new ConfigError('security.jwt.publicKeyFile', `security.jwt.publicKeyFile '${security.jwt.publicKeyFile}' is not an RSA public key in PEM: ${(error as Error).message}`);
    }
  }
  for (const origin of security.allowedOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ConfigError('security.allowedOrigins', `security.allowedOrigins: '${origin}' is not an origin like https://example.com or http://localhost:5080`);
    }
  }
  checkClusterConfig(config.cluster);
  if (limits.messageBurst < 1 || limits.messagesPerSecond < 1) {
    throw new ConfigError('limits.messagesPerSecond', 'limits.messagesPerSecond and limits.messageBurst must be at least 1');
  }
}
