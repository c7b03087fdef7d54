/** Players as Ant Media's subscribers: one entry per subscriberId, counting its plays; nameless players named by their socket. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rememberSubscriber, subscribersOf } from './subscribers.js';

describe('subscribersOf', () => {
  it('groups plays by subscriberId in order of first play, and names a player without one by its socket', () => {
    const [annOnPhone, bob, anonymous, annOnLaptop] = [{}, {}, {}, {}];
    rememberSubscriber(annOnPhone, { subscriberId: 'ann', subscriberName: 'Ann' }, 'socket-1');
    rememberSubscriber(bob, { subscriberId: 'bob' }, 'socket-2');
    rememberSubscriber(anonymous, { subscriberId: '' }, 'socket-3');
    rememberSubscriber(annOnLaptop, { subscriberId: 'ann', subscriberName: 'Ann' }, 'socket-4');
    assert.deepEqual(subscribersOf('s1', [annOnPhone, bob, anonymous, annOnLaptop]), [
      { subscriberId: 'ann', subscriberName: 'Ann', streamId: 's1', type: 'play', connected: true, currentConcurrentConnections: 2 },
      { subscriberId: 'bob', subscriberName: '', streamId: 's1', type: 'play', connected: true, currentConcurrentConnections: 1 },
      { subscriberId: 'socket-3', subscriberName: '', streamId: 's1', type: 'play', connected: true, currentConcurrentConnections: 1 },
    ]);
  });

  it('leaves out plays never remembered (another node pulling the stream)', () => {
    const viewer = {};
    rememberSubscriber(viewer, {}, 'socket-9');
    assert.deepEqual(subscribersOf('s1', [{}, viewer]).map((s) => s.subscriberId), ['socket-9']);
  });
});
