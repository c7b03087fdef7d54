import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRelayError } from '../core/errors.js';
import { Logger } from '../core/logger.js';
import { FakeDataChannel } from '../testing/FakeDataChannel.js';
import { flush } from '../testing/FakePeer.js';
import { frames } from './chunking.js';
import { DataChannel, type DataMessage } from './DataChannel.js';

function openChannel() {
  const raw = new FakeDataChannel('stream1');
  const channel = new DataChannel(raw, new Logger('test'));
  const received: DataMessage[] = [];
  channel.on('message', (m) => received.push(m));
  raw.open();
  return { raw, channel, received };
}

describe('DataChannel', () => {
  it('sends text as one message and JSON as text; receives both', async () => {
    const { raw, channel, received } = openChannel();
    await channel.send('hello');
    await channel.sendJSON({ a: 1 });
    assert.deepEqual(raw.sent, ['hello', '{"a":1}']);
    raw.receive('{"b":2}');
    assert.deepEqual(received[0]!.json(), { b: 2 });
    assert.equal(raw.binaryType, 'arraybuffer');
  });

  it("sends binary in Ant Media's frames and reassembles them on receipt", async () => {
    const { raw, channel, received } = openChannel();
    const payload = Uint8Array.from({ length: 20_000 }, (_, i) => i & 255);
    await channel.send(payload);
    assert.deepEqual(raw.sent.map((f) => (f as ArrayBuffer).byteLength), [8, 16_004, 4_004]);
    for (const frame of raw.sent) raw.receive(frame as ArrayBuffer);
    assert.equal(received.length, 1);
    assert.deepEqual(Buffer.from(received[0]!.data as ArrayBuffer), Buffer.from(payload));
  });

  it('sends text longer than one message in chunks and gives it back as text', async () => {
    const { raw, channel, received } = openChannel();
    const text = 'ü'.repeat(70_000);
    await channel.send(text);
    assert.ok(raw.sent.length > 2 && raw.sent.every((f) => f instanceof ArrayBuffer));
    for (const frame of raw.sent) raw.receive(frame as ArrayBuffer);
    assert.equal(received[0]!.data, text);
  });

  it('waits for bufferedamountlow when the buffer is full, then goes on', async () => {
    const { raw, channel } = openChannel();
    raw.bufferPerSend = 600 * 1024;
    let done = false;
    const sending = channel.send(new Uint8Array(64_000)).then(() => (done = true));
    await flush();
    assert.equal(raw.sent.length, 2, 'the header and one chunk fill the buffer past the 1 MiB high-water mark');
    assert.equal(done, false);
    raw.drain();
    await flush();
    assert.equal(raw.sent.length, 4);
    raw.drain();
    await sending;
    assert.equal(raw.sent.length, 5);
  });

  it("rejects with 'DATA_CHANNEL_NOT_OPEN' before it opens and when it closes mid-message", async () => {
    const raw = new FakeDataChannel('x');
    const channel = new DataChannel(raw, new Logger('test'));
    await assert.rejects(channel.send('early'), (e) => isRelayError(e, 'DATA_CHANNEL_NOT_OPEN'));
    raw.open();
    raw.bufferPerSend = 2 << 20;
    const sending = channel.send(new Uint8Array(40_000));
    await flush();
    raw.close();
    await assert.rejects(sending, (e) => isRelayError(e, 'DATA_CHANNEL_NOT_OPEN'));
  });

  it('refuses what it cannot send with a TypeError', async () => {
    const { channel } = openChannel();
    await assert.rejects(channel.send(42 as unknown as string), TypeError);
  });

  it('keeps frames of one message together when sends overlap', async () => {
    const { raw, channel } = openChannel();
    await Promise.all([channel.send(new Uint8Array(20_000)), channel.send('between')]);
    assert.equal(raw.sent[3], 'between');
    assert.equal([...frames(new Uint8Array(20_000), 1)].length, 3);
  });
});
