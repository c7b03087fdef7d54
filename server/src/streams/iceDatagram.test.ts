import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RTCIceTransport } from 'werift';
import { sendOnIce } from './iceDatagram.js';

type Connection = RTCIceTransport['connection'];

function fakeConnection(options: { type?: string; consent?: boolean; closed?: boolean } = {}) {
  const socketSends: Array<{ port: number; address: string; length: number }> = [];
  const weriftSends: Buffer[] = [];
  const pair = {
    protocol: {
      type: options.type ?? 'stun',
      transport: {
        closed: options.closed ?? false,
        socket: {
          send: (data: Buffer | Buffer[], port: number, address: string) => socketSends.push({ port, address, length: Array.isArray(data) ? Buffer.concat(data).length : data.length }),
        },
      },
    },
    remoteAddr: ['127.0.0.1', 40000],
    packetsSent: 0,
    bytesSent: 0,
  };
  const connection = {
    nominated: pair,
    canSendApplicationData: () => options.consent ?? true,
    send: async (buf: Buffer) => void weriftSends.push(buf),
  };
  return { connection: connection as unknown as Connection, pair, socketSends, weriftSends };
}

describe('sendOnIce', () => {
  it('writes to the selected UDP pair and counts it as werift does', () => {
    const { connection, pair, socketSends } = fakeConnection();
    sendOnIce(connection, Buffer.alloc(1028));
    assert.deepEqual(socketSends, [{ port: 40000, address: '127.0.0.1', length: 1028 }]);
    assert.equal(pair.packetsSent, 1);
    assert.equal(pair.bytesSent, 1028);
  });

  it('sends nothing without consent (RFC 7675) or without a selected pair', () => {
    const refused = fakeConnection({ consent: false });
    sendOnIce(refused.connection, Buffer.alloc(10));
    assert.equal(refused.socketSends.length + refused.weriftSends.length, 0);
    const none = fakeConnection();
    (none.connection as { nominated: unknown }).nominated = undefined;
    sendOnIce(none.connection, Buffer.alloc(10));
    assert.equal(none.socketSends.length + none.weriftSends.length, 0);
  });

  it('sends a datagram given in parts as one, and counts its whole length', () => {
    const { connection, pair, socketSends } = fakeConnection();
    const bytes = sendOnIce(connection, [Buffer.alloc(12), Buffer.alloc(1000), Buffer.alloc(16)]);
    assert.equal(bytes, 1028);
    assert.deepEqual(socketSends, [{ port: 40000, address: '127.0.0.1', length: 1028 }]);
    assert.equal(pair.bytesSent, 1028);
  });

  it("leaves TCP and TURN pairs, and closed sockets, to werift's send", () => {
    for (const options of [{ type: 'tcp' }, { type: 'turn' }, { closed: true }]) {
      const { connection, socketSends, weriftSends } = fakeConnection(options);
      sendOnIce(connection, [Buffer.from([1, 2]), Buffer.from([3])]);
      assert.equal(socketSends.length, 0);
      assert.deepEqual(weriftSends, [Buffer.from([1, 2, 3])]);
    }
  });
});
