import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withClusterPulls } from './clusterAccessPolicy.js';
import { signPullToken } from './pullToken.js';

const SECRET = 'a-cluster-secret-of-at-least-32-chars!';
const closed = { allows: () => false };

describe('cluster access policy', () => {
  it('lets an edge with a valid pull token play, and nothing else past the node policy', async () => {
    const policy = withClusterPulls(closed, { redisUrl: 'redis://127.0.0.1:6379', secret: SECRET });
    assert.equal(withClusterPulls(closed, { redisUrl: '', secret: SECRET }), closed);
    const token = signPullToken(SECRET, 's1', { nodeId: 'edge-1', layers: 'all' }, Date.now());
    assert.equal(await policy.allows({ action: 'play', app: 'LiveApp', streamId: 's1', token }), true);
    assert.equal(await policy.allows({ action: 'play', app: 'LiveApp', streamId: 's2', token }), false);
    assert.equal(await policy.allows({ action: 'publish', app: 'LiveApp', streamId: 's1', token }), false);
    assert.equal(await policy.allows({ action: 'play', app: 'LiveApp', streamId: 's1' }), false);
  });
});
