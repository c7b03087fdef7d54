import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataChannelHub, type DataEndpoint, type DataMessage, type PlayerDistribution } from './dataChannelHub.js';

class RecordingEndpoint implements DataEndpoint {
  readonly received: DataMessage[] = [];
  send(message: DataMessage): void {
    this.received.push(message);
  }
}

/** A hub with a publisher and three players on it. */
function arrange(distribution: PlayerDistribution = 'all') {
  const hub = new DataChannelHub(distribution);
  const publisher = new RecordingEndpoint();
  const players = [new RecordingEndpoint(), new RecordingEndpoint(), new RecordingEndpoint()] as const;
  hub.setPublisher(publisher);
  const removers = players.map((player) => hub.addPlayer(player));
  return { hub, publisher, players, removers };
}

describe('DataChannelHub: from the publisher', () => {
  it('reaches every player, whatever the player distribution', () => {
    for (const distribution of ['all', 'publisher', 'none'] as const) {
      const { hub, publisher, players } = arrange(distribution);

      hub.fromPublisher('hello');

      assert.deepEqual(players.map((p) => p.received), [['hello'], ['hello'], ['hello']], distribution);
      assert.deepEqual(publisher.received, [], distribution);
    }
  });

  it('passes text and binary through unchanged, the same Buffer', () => {
    const { hub, players } = arrange();
    const chunk = Buffer.from([0, 1, 2, 0xff]);

    hub.fromPublisher(chunk);
    hub.fromPublisher('{"eventType":"x"}');

    assert.equal(players[0].received[0], chunk);
    assert.deepEqual(players[0].received, [chunk, '{"eventType":"x"}']);
    assert.equal(typeof players[0].received[1], 'string');
  });
});

describe('DataChannelHub: from a player', () => {
  it("with 'all', reaches the publisher and the other players, never the sender", () => {
    const { hub, publisher, players } = arrange('all');

    hub.fromPlayer(players[1], 'hi');

    assert.deepEqual(publisher.received, ['hi']);
    assert.deepEqual(players.map((p) => p.received), [['hi'], [], ['hi']]);
    assert.equal(hub.messagesRelayed, 3);
  });

  it("with 'publisher', reaches only the publisher", () => {
    const { hub, publisher, players } = arrange('publisher');

    hub.fromPlayer(players[0], 'hi');

    assert.deepEqual(publisher.received, ['hi']);
    assert.deepEqual(players.map((p) => p.received), [[], [], []]);
  });

  it("with 'none', reaches nobody", () => {
    const { hub, publisher, players } = arrange('none');

    hub.fromPlayer(players[0], 'hi');

    assert.deepEqual(publisher.received, []);
    assert.deepEqual(players.map((p) => p.received), [[], [], []]);
    assert.equal(hub.messagesRelayed, 0);
  });

  it('passes a Buffer through unchanged', () => {
    const { hub, publisher, players } = arrange('all');
    const chunk = Buffer.from('binary chunk');

    hub.fromPlayer(players[0], chunk);

    assert.equal(publisher.received[0], chunk);
    assert.equal(players[1].received[0], chunk);
  });

  it('still reaches the other players while no publisher channel is open', () => {
    const { hub, publisher, players } = arrange('all');
    hub.setPublisher(undefined);

    hub.fromPlayer(players[0], 'hi');

    assert.deepEqual(publisher.received, []);
    assert.deepEqual(players[2].received, ['hi']);
  });
});

describe('DataChannelHub: removal', () => {
  it('stops delivering to a removed player', () => {
    const { hub, players, removers } = arrange('all');

    removers[1]!();
    hub.fromPublisher('one');
    hub.fromPlayer(players[0], 'two');

    assert.deepEqual(players[1].received, []);
    assert.deepEqual(players[2].received, ['one', 'two']);
    assert.equal(hub.playerCount, 2);
  });
});
