import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { FakeClock } from '../relay/clock.js';
import { watchHeartbeat } from './socketHeartbeat.js';

class FakeSocket extends EventEmitter {
  pings = 0;
  ping(): void {
    this.pings++;
  }
}

function watched(periodMs = 1000) {
  const clock = new FakeClock();
  const socket = new FakeSocket();
  let cuts = 0;
  watchHeartbeat(socket, clock, periodMs, () => cuts++);
  return { clock, socket, cuts: () => cuts };
}

describe('socket heartbeat', () => {
  it('pings every period and cuts a socket that answered nothing for a whole period, once', () => {
    const { clock, socket, cuts } = watched();
    clock.advance(1000);
    assert.equal(socket.pings, 1);
    clock.advance(1000);
    assert.equal(cuts(), 1);
    clock.advance(5000);
    assert.equal(cuts(), 1);
    assert.equal(clock.pendingTimers, 0);
  });

  it('keeps a socket that answers its pings or sends messages', () => {
    const { clock, socket, cuts } = watched();
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      socket.emit(i % 2 ? 'pong' : 'message');
    }
    assert.equal(cuts(), 0);
    assert.equal(socket.pings, 5);
  });

  it('does not judge a period in which the server itself stood still (the answer may be unread yet)', () => {
    const { clock, socket, cuts } = watched();
    clock.advance(1000);
    clock.stall(20_000);
    assert.equal(cuts(), 0);
    assert.equal(socket.pings, 2);
    clock.advance(1000);
    assert.equal(cuts(), 1, 'still silent a period later');
  });

  it('stops with the socket, and does nothing with a period of 0', () => {
    const { clock, socket } = watched();
    socket.emit('close');
    assert.equal(clock.pendingTimers, 0);
    const never = watched(0);
    never.clock.advance(10_000);
    assert.equal(never.socket.pings, 0);
  });
});
