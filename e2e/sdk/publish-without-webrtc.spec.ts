/**
 * A user of a browser without WebRTC (WebKitGTK as Debian builds it) presses
 * publish: the SDK says why with a coded error instead of a TypeError. Other
 * engines run the same steps with RTCPeerConnection removed from the page.
 */
import { test, expect } from '../helpers/test';
import { uniqueStreamId } from '../helpers/demo';
import { MATRIX_NOTE } from '../helpers/matrix';
import { loadUmdBuild, publishWithoutWebRtc } from '../helpers/sdkInPage';

test('publishing without WebRTC fails with the code WEBRTC_UNSUPPORTED', async ({ tab, engine }, testInfo) => {
  const hideWebRtc = engine !== 'webkitgtk';
  if (hideWebRtc) testInfo.annotations.push({ type: MATRIX_NOTE, description: 'RTCPeerConnection removed' });
  await tab.goto('/');
  await tab.run(loadUmdBuild, undefined);

  const failure = await tab.run(publishWithoutWebRtc, { streamId: uniqueStreamId(testInfo), hideWebRtc });

  expect(failure).toMatchObject({ name: 'RelayError', code: 'WEBRTC_UNSUPPORTED', isRelayError: true });
});
