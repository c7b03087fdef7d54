import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../config.js';
import { createLogger } from '../log.js';
import { signJwt } from './jwt.js';
import { OneTimeTokens } from './oneTimeTokens.js';
import { TokenAccessPolicy } from './tokenAccessPolicy.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const NOW = 1_700_000_000;
const security = { ...defaultConfig.security, publishTokenApps: ['LiveApp'], playTokenApps: ['*'], jwt: { ...defaultConfig.security.jwt, secret: SECRET } };
const log = createLogger('test', 'silent');

function policy(tokens = new OneTimeTokens(() => NOW)) {
  return { tokens, policy: new TokenAccessPolicy(security, tokens, log, () => NOW) };
}

const jwt = (claims: Record<string, unknown>) => signJwt(claims, { alg: 'HS256', secret: SECRET });

describe('TokenAccessPolicy', () => {
  it('leaves apps that require nothing open', () => {
    assert.equal(policy().policy.allows({ action: 'publish', app: 'OtherApp', streamId: 's' }), true);
  });

  it('needs a token where configured', () => {
    const { policy: p } = policy();
    assert.equal(p.allows({ action: 'publish', app: 'LiveApp', streamId: 's' }), false);
    assert.equal(p.allows({ action: 'play', app: 'AnyApp', streamId: 's', token: '' }), false);
  });

  it('accepts a JWT for this stream and action only, with an expiry', () => {
    const { policy: p } = policy();
    const ask = { action: 'publish' as const, app: 'LiveApp', streamId: 's' };
    assert.equal(p.allows({ ...ask, token: jwt({ streamId: 's', type: 'publish', exp: NOW + 60 }) }), true);
    assert.equal(p.allows({ ...ask, token: jwt({ streamId: 'other', type: 'publish', exp: NOW + 60 }) }), false);
    assert.equal(p.allows({ ...ask, token: jwt({ streamId: 's', type: 'play', exp: NOW + 60 }) }), false);
    assert.equal(p.allows({ ...ask, token: jwt({ streamId: 's', type: 'publish' }) }), false, 'no exp');
    assert.equal(p.allows({ ...ask, token: jwt({ streamId: 's', type: 'publish', exp: NOW - 1 }) }), false, 'expired');
  });

  it('accepts a one-time token once, for its stream and action', () => {
    const { policy: p, tokens } = policy();
    const token = tokens.create('s', 'play', NOW + 60);
    assert.equal(p.allows({ action: 'play', app: 'LiveApp', streamId: 'other', token: token.tokenId }), false);
    assert.equal(p.allows({ action: 'play', app: 'LiveApp', streamId: 's', token: token.tokenId }), true);
    assert.equal(p.allows({ action: 'play', app: 'LiveApp', streamId: 's', token: token.tokenId }), false, 'spent');
    const expired = tokens.create('s', 'play', NOW);
    assert.equal(p.allows({ action: 'play', app: 'LiveApp', streamId: 's', token: expired.tokenId }), false);
  });
});
