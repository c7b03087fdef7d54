import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../config.js';
import { ConfigError, helpText, loadConfig } from './loader.js';
import { OPTIONS } from './options.js';
import { getPath } from './values.js';

function load(argv: string[] = [], env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}) {
  const result = loadConfig({ argv, env, readFile: (path) => {
    if (!(path in files)) throw new Error(`ENOENT: ${path}`);
    return files[path]!;
  } });
  assert.equal(result.kind, 'config');
  return result.kind === 'config' ? result.config : defaultConfig;
}

function refusal(argv: string[], env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}): ConfigError {
  try {
    load(argv, env, files);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the defaults when nothing is set', () => {
    assert.deepEqual(load(), defaultConfig);
  });

  it('keeps the existing environment names (PORT, HOST, LOG_LEVEL, RELAYRTC_*)', () => {
    const config = load([], { PORT: '6000', HOST: '127.0.0.1', LOG_LEVEL: 'debug', RELAYRTC_STUN_URI: 'stun:x:3478', RELAYRTC_VIEWER_LIMIT: '3', RELAYRTC_TEST_KNOBS: '1', RELAYRTC_REMB_BITRATE: '1000' });
    assert.equal(config.port, 6000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.log.level, 'debug');
    assert.equal(config.ice.clientStunServerUri, 'stun:x:3478');
    assert.equal(config.limits.viewersPerStream, 3);
    assert.equal(config.testing.knobs, true);
    assert.equal(config.relay.rembBitrate, 1000);
  });

  it('applies file, then environment, then flags', () => {
    const files = { '/c.json': JSON.stringify({ port: 1, limits: { streamsPerServer: 5, viewersPerStream: 7 }, rest: { apiKeys: ['k'] } }) };
    const config = load(['--config', '/c.json', '--stream-limit=9'], { PORT: '2' }, files);
    assert.equal(config.port, 2);
    assert.equal(config.limits.streamsPerServer, 9);
    assert.equal(config.limits.viewersPerStream, 7);
    assert.deepEqual(config.rest.apiKeys, ['k']);
  });

  it('reads lists, booleans and port ranges from text', () => {
    const config = load(['--allowed-origins', 'https://a.example, http://localhost:5080', '--no-metrics', '--rest=false', '--ice-port-range', '50000-50100']);
    assert.deepEqual(config.security.allowedOrigins, ['https://a.example', 'http://localhost:5080']);
    assert.equal(config.metrics.enabled, false);
    assert.equal(config.rest.enabled, false);
    assert.deepEqual(config.ice.portRange, [50000, 50100]);
  });

  it('names the bad key, wherever it came from', () => {
    assert.match(refusal([], { RELAYRTC_VIEWER_LIMIT: 'many' }).message, /RELAYRTC_VIEWER_LIMIT \(limits\.viewersPerStream\) must be an integer/);
    assert.match(refusal(['--port', '70000']).message, /--port \(port\) must be an integer from 0 to 65535/);
    assert.match(refusal(['--log-level', 'loud']).message, /one of fatal, error/);
    assert.match(refusal(['--bogus']).message, /unknown option '--bogus'/);
    assert.match(refusal(['--port']).message, /needs a value/);
    const files = { '/c.json': '{"limits":{"streamsPerSrv":1}}', '/d.json': '{"limits":{"streamsPerServer":"1"}}', '/e.json': '{nope' };
    assert.equal(refusal(['--config', '/c.json'], {}, files).key, 'limits.streamsPerSrv');
    assert.match(refusal(['--config', '/d.json'], {}, files).message, /key 'limits\.streamsPerServer' must be an integer/);
    assert.match(refusal(['--config', '/e.json'], {}, files).message, /not valid JSON/);
    assert.match(refusal(['--config', '/missing.json']).message, /cannot be read/);
  });

  it('checks settings that go together', () => {
    assert.equal(refusal(['--tls-cert', '/cert.pem']).key, 'tls.keyFile');
    assert.match(refusal(['--jwt-secret', 'short']).message, /security\.jwt\.secret must be at least 32 characters/);
    assert.match(refusal(['--allowed-origins', 'example.com']).message, /is not an origin/);
    assert.equal(refusal(['--jwt-public-key', '/k.pem'], {}, { '/k.pem': 'not a key' }).key, 'security.jwt.publicKeyFile');
  });

  it('answers --help with every flag and variable', () => {
    const result = loadConfig({ argv: ['--help'], env: {} });
    assert.equal(result.kind, 'help');
    const text = helpText();
    for (const spec of OPTIONS) {
      if (spec.flag) assert.ok(text.includes(spec.flag), spec.flag);
      if (spec.env) assert.ok(text.includes(spec.env), spec.env);
    }
  });

  it('has an option for every default, and a default for every option', () => {
    const leaves = (value: unknown, prefix = ''): string[] =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key))
        : [prefix];
    const keys = new Set(OPTIONS.map((spec) => spec.key));
    for (const leaf of leaves(defaultConfig)) assert.ok(keys.has(leaf), `no option for ${leaf}`);
    for (const spec of OPTIONS) assert.ok(getPath(defaultConfig, spec.key) !== undefined || spec.key === 'ice.portRange', `no default for ${spec.key}`);
  });
});
