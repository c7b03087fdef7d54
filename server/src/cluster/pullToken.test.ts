import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPullToken, PULL_TOKEN_LIFETIME_S, signPullToken, verifyPullToken } from './pullToken.js';

const SECRET = 'a-cluster-secret-of-at-least-32-chars!';
const NOW = 1_800_000_000_000;

describe('pull token', () => {
  it('carries the pulling node and the layers it wants, for one stream', () => {
    const token = signPullToken(SECRET, 'stream1', { nodeId: 'edge-1', layers: 'all' }, NOW);
    assert.ok(isPullToken(token));
    assert.deepEqual(verifyPullToken(SECRET, 'stream1', token, NOW), { nodeId: 'edge-1', layers: 'all' });
    const one = signPullToken(SECRET, 'stream1', { nodeId: 'edge-1', layers: 360 }, NOW);
    assert.deepEqual(verifyPullToken(SECRET, 'stream1', one, NOW + 1000), { nodeId: 'edge-1', layers: 360 });
  });

  it('is refused for another stream, with another secret, altered, or expired', () => {
    const token = signPullToken(SECRET, 'stream1', { nodeId: 'edge-1', layers: 'all' }, NOW);
    assert.equal(verifyPullToken(SECRET, 'stream2', token, NOW), undefined);
    assert.equal(verifyPullToken(`${SECRET}x`, 'stream1', token, NOW), undefined);
    assert.equal(verifyPullToken(SECRET, 'stream1', token.replace('.all.', '.720.'), NOW), undefined);
    assert.equal(verifyPullToken(SECRET, 'stream1', token, NOW + (PULL_TOKEN_LIFETIME_S + 1) * 1000), undefined);
    assert.equal(verifyPullToken(SECRET, 'stream1', 'cluster1.x', NOW), undefined);
    assert.equal(isPullToken('eyJhbGciOiJIUzI1NiJ9.e30.x'), false);
  });
});
