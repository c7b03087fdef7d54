/**
 * A publisher and a viewer on the official Ant Media SDK exchange text and
 * binary messages over the stream's data channel, relayed by our server.
 *
 * The official SDK sends binary as its own chunked format (an 8-byte header,
 * then 4-byte-token chunks of up to 16000 bytes) and reassembles by message:
 * the relay must keep every message whole, in order, and binary as binary.
 */
import type { AdaptorEvent, BinaryFingerprint, OfficialClient } from './officialClient';
import { uniqueStreamId } from '../helpers/demo';
import { expect, test } from './officialClient';

const BINARY_BYTES = 100 * 1024;

/** Sends text messages and a 100 KB binary (harness pattern with `seed`) from `client`'s side of the channel. */
async function sendMessages(client: OfficialClient, streamId: string, texts: string[], seed: number): Promise<void> {
  await client.page.evaluate(
    ({ streamId, texts, seed, bytes }) => {
      const w = window as unknown as {
        adaptor: { sendData(id: string, data: unknown): void };
        harness: { pattern(n: number, seed: number): Uint8Array };
      };
      for (const text of texts) w.adaptor.sendData(streamId, text);
      w.adaptor.sendData(streamId, w.harness.pattern(bytes, seed).buffer);
    },
    { streamId, texts, seed, bytes: BINARY_BYTES },
  );
}

function fingerprint(client: OfficialClient, seed: number): Promise<BinaryFingerprint> {
  return client.page.evaluate(
    ({ bytes, seed }) =>
      (window as unknown as { harness: { patternFingerprint(n: number, s: number): BinaryFingerprint } }).harness.patternFingerprint(bytes, seed),
    { bytes: BINARY_BYTES, seed },
  );
}

/** The data the client received, in order, once `count` messages are there. */
async function received(client: OfficialClient, streamId: string, count: number): Promise<unknown[]> {
  const data = async () =>
    (await client.events())
      .filter((e: AdaptorEvent) => e.name === 'data_received' && e.obj?.streamId === streamId)
      .map((e: AdaptorEvent) => e.obj.data as unknown);
  await expect
    .poll(async () => (await data()).length, { message: `${client.name} should receive ${count} data messages on ${streamId}` })
    .toBeGreaterThanOrEqual(count);
  return data();
}

test('a publisher and a viewer on the official SDK exchange text and 100 KB binary messages', async ({ officialClient }, testInfo) => {
  // Arrange: a publisher and a viewer whose data channels are open.
  const streamId = uniqueStreamId(testInfo);
  const publisher = await officialClient('publisher');
  await publisher.call('publish', streamId);
  await publisher.callback('publish_started', (m) => m.streamId === streamId);
  await publisher.callback('data_channel_opened', (id) => id === streamId);
  const viewer = await officialClient('viewer', { isPlayMode: true });
  await viewer.call('play', streamId);
  await viewer.callback('play_started', (m) => m.streamId === streamId);
  await viewer.callback('data_channel_opened', (id) => id === streamId);

  const fromPublisher = ['hello from the publisher: ünïcödé ✓ 🚀 {"json":true}', '1234567890'];
  const fromViewer = ['and hello back from the viewer', '42'];

  // Act: the publisher sends, then the viewer answers with its own messages.
  await sendMessages(publisher, streamId, fromPublisher, 1);
  const atViewer = await received(viewer, streamId, 3);
  await sendMessages(viewer, streamId, fromViewer, 2);
  const atPublisher = await received(publisher, streamId, 3);

  // Assert: each side got exactly the other's messages, whole and in order.
  expect(atViewer).toEqual([
    { type: 'text', text: fromPublisher[0] },
    { type: 'text', text: fromPublisher[1] },
    await fingerprint(viewer, 1),
  ]);
  expect(atPublisher).toEqual([
    { type: 'text', text: fromViewer[0] },
    { type: 'text', text: fromViewer[1] },
    await fingerprint(publisher, 2),
  ]);
  expect(await publisher.errors()).toEqual([]);
  expect(await viewer.errors()).toEqual([]);
});
