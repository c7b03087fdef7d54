/**
 * Two people call each other peer to peer with the official Ant Media SDK
 * (`join` on both sides): our server only relays the signaling.
 */
import { uniqueStreamId } from '../helpers/demo';
import { expect, test } from './officialClient';

test('two official-SDK users in a peer-to-peer call see each other, and one hanging up ends the call for both', async ({ officialClient }, testInfo) => {
  // Arrange: both users have their camera on and know the call id.
  const callId = uniqueStreamId(testInfo);
  const alice = await officialClient('alice');
  const bob = await officialClient('bob');

  // Act: both join the call, Alice first (she becomes the offerer).
  await alice.call('join', callId);
  await alice.callback('joined', (m) => m.streamId === callId);
  await bob.call('join', callId);
  await bob.callback('joined', (m) => m.streamId === callId);

  // Assert: media flows both ways, browser to browser.
  await alice.callback('newTrackAvailable', (t) => t.kind === 'video' && t.streamId === callId);
  await bob.callback('newTrackAvailable', (t) => t.kind === 'video' && t.streamId === callId);
  await alice.expectMediaFrom(callId);
  await bob.expectMediaFrom(callId);

  // Act: Alice hangs up.
  await alice.call('leave', callId);

  // Assert: Alice is told she left; Bob's side is told to stop and closes the call.
  await alice.callback('leaved', (m) => m.streamId === callId);
  await expect
    .poll(async () => (await bob.receivedMessages()).some((m) => m.command === 'stop' && m.streamId === callId), {
      message: `bob should receive {"command":"stop","streamId":"${callId}"} (his WebSocket frames are attached)`,
    })
    .toBe(true);
  await expect
    .poll(() => bob.page.evaluate((id) => Boolean((window as unknown as { adaptor: { remotePeerConnection: Record<string, unknown> } }).adaptor.remotePeerConnection[id]), callId), {
      message: "bob's adaptor should close its peer connection for the call",
    })
    .toBe(false);
  expect(await alice.errors()).toEqual([]);
  expect(await bob.errors()).toEqual([]);
});
