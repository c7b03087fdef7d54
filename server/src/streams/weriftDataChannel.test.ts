import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RTCDataChannel } from 'werift';
import type { DataEndpoint, DataMessage } from '../relay/dataChannelHub.js';
import { bindDataChannel, MAX_WAITING } from './weriftDataChannel.js';

type State = 'connecting' | 'open' | 'closing' | 'closed';

/** The part of werift's RTCDataChannel the binding uses: its state, send and two events. */
class ChannelStandIn {
  readyState: State = 'connecting';
  readonly sent: DataMessage[] = [];
  private readonly stateListeners: Array<(state: State) => void> = [];
  readonly onMessage = { subscribe: () => ({ unSubscribe: () => undefined }) };
  readonly stateChanged = {
    subscribe: (listener: (state: State) => void) => {
      this.stateListeners.push(listener);
      return { unSubscribe: () => undefined };
    },
  };

  send(message: DataMessage): void {
    if (this.readyState !== 'open') throw new Error('not open');
    this.sent.push(message);
  }

  become(state: State): void {
    this.readyState = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

function bind(channel: ChannelStandIn) {
  const attached: DataEndpoint[] = [];
  const closed: DataEndpoint[] = [];
  const binding = bindDataChannel(channel as unknown as RTCDataChannel, { attached: (e) => attached.push(e), message: () => undefined, closed: (e) => closed.push(e) });
  return { binding, attached, closed };
}

describe('a werift data channel bound to the hub', () => {
  it('is attached while connecting, and what is sent meanwhile goes out in order on open', () => {
    const channel = new ChannelStandIn();
    const { binding, attached } = bind(channel);
    assert.deepEqual(attached, [binding.endpoint]);
    binding.endpoint.send('first');
    binding.endpoint.send(Buffer.from([1, 2]));
    assert.deepEqual(channel.sent, []);
    channel.become('open');
    binding.endpoint.send('after');
    assert.deepEqual(channel.sent, ['first', Buffer.from([1, 2]), 'after']);
  });

  it(`keeps at most ${MAX_WAITING} waiting messages, the newest`, () => {
    const channel = new ChannelStandIn();
    const { binding } = bind(channel);
    for (let i = 0; i < MAX_WAITING + 10; i++) binding.endpoint.send(`m${i}`);
    channel.become('open');
    assert.equal(channel.sent.length, MAX_WAITING);
    assert.equal(channel.sent[0], 'm10');
  });

  it('drops what waits when the channel closes instead of opening, and reports the close', () => {
    const channel = new ChannelStandIn();
    const { binding, closed } = bind(channel);
    binding.endpoint.send('never');
    channel.become('closed');
    binding.endpoint.send('after close');
    assert.deepEqual(channel.sent, []);
    assert.deepEqual(closed, [binding.endpoint]);
  });
});
