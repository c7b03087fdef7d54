/**
 * The SDK's signaling over the server's WebSocket works on its own: with a
 * stand-in peer (the client's `peerFactory` option) instead of an
 * RTCPeerConnection, play() of a stream nobody publishes goes to the server
 * and is refused with the server's coded answer. This is what WebKitGTK, which
 * has no WebRTC, can prove of signaling.
 */
import { test, expect } from '../helpers/test';
import { uniqueStreamId } from '../helpers/demo';
import { loadUmdBuild, playAbsentStreamWithStandInPeer } from '../helpers/sdkInPage';

test('the server refuses play of an absent stream with NO_STREAM_EXIST over the signaling socket', async ({ tab }, testInfo) => {
  await tab.goto('/');
  await tab.run(loadUmdBuild, undefined);

  const refusal = await tab.run(playAbsentStreamWithStandInPeer, uniqueStreamId(testInfo));

  expect(refusal).toMatchObject({ name: 'RelayError', code: 'NO_STREAM_EXIST', definition: 'no_stream_exist', isRelayError: true });
});
