import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../config.js';
import { signJwt } from './jwt.js';
import { checkRestCredentials } from './restCredentials.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const rest = { ...defaultConfig.rest, apiKeys: ['key-1'], jwtSecret: SECRET };
const remote = '203.0.113.9';
const check = (headers: Record<string, string>, config = rest, remoteAddress = remote) => checkRestCredentials(config, { headers, remoteAddress }).ok;

describe('checkRestCredentials', () => {
  it('with nothing configured, answers loopback clients only', () => {
    assert.equal(check({}, defaultConfig.rest, '127.0.0.1'), true);
    assert.equal(check({}, defaultConfig.rest, '::ffff:127.0.0.1'), true);
    assert.equal(check({}, defaultConfig.rest, '::1'), true);
    assert.equal(check({ authorization: 'Bearer anything' }, defaultConfig.rest, remote), false);
  });

  it('accepts the key as Bearer, X-API-Key or Basic password, and refuses others', () => {
    assert.equal(check({ authorization: 'Bearer key-1' }), true);
    assert.equal(check({ 'x-api-key': 'key-1' }), true);
    assert.equal(check({ authorization: `Basic ${Buffer.from('ops:key-1').toString('base64')}` }), true);
    assert.equal(check({}), false);
    assert.equal(check({ authorization: 'Bearer key-2' }), false);
    assert.equal(check({}, rest, '127.0.0.1'), false, 'loopback needs credentials once they are configured');
  });

  it('accepts an unexpired HS256 JWT, bare or as Bearer', () => {
    const token = signJwt({ exp: Date.now() / 1000 + 60 }, { alg: 'HS256', secret: SECRET });
    assert.equal(check({ authorization: token }), true);
    assert.equal(check({ authorization: `Bearer ${token}` }), true);
    assert.equal(check({ authorization: signJwt({ exp: Date.now() / 1000 - 1 }, { alg: 'HS256', secret: SECRET }) }), false);
    assert.equal(check({ authorization: signJwt({ exp: Date.now() / 1000 + 60 }, { alg: 'HS256', secret: `${SECRET}!` }) }), false);
  });
});
