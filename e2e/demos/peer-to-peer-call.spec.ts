/**
 * Two people join the same call id on the call page: each sees and hears the
 * other; when one hangs up, the other waits for someone new.
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { expectState, uniqueStreamId } from '../helpers/demo';
import { expectPageState, framesDecoded } from './pageState';

async function expectRemotePicture(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('#remoteVideo').evaluate((v: HTMLVideoElement) => v.videoWidth), { message: 'the other side is visible' })
    .toBeGreaterThan(0);
  const decoded = await framesDecoded(page);
  await expect.poll(() => framesDecoded(page)).toBeGreaterThan(decoded + 5);
}

test('two people in one call see each other and whether the other muted; the one left waits after the other hangs up, and sees them again when they call back', async ({ openDemo }, testInfo) => {
  const callId = uniqueStreamId(testInfo);
  const alice = await openDemo(`/call.html?streamId=${callId}`);
  await alice.locator('#join').click();
  await expectPageState(alice, 'waiting');
  await expect(alice.locator('#notice')).toContainText('Waiting for the other side');
  // Her camera goes off before anyone is there: whoever joins is told.
  await alice.locator('#cameraToggle').click();
  await expect(alice.locator('#cameraToggle')).toHaveText('Camera on');

  const bob = await openDemo(`/call.html?streamId=${callId}`);
  await bob.locator('#join').click();

  await expectPageState(alice, 'connected');
  await expectPageState(bob, 'connected');
  await expectRemotePicture(alice);
  await expectRemotePicture(bob);
  await expect(bob.locator('#peerCam')).toBeVisible();
  await expect(bob.locator('#peerMic')).toBeHidden();
  await alice.locator('#cameraToggle').click();
  await expect(bob.locator('#peerCam')).toBeHidden();

  await bob.locator('#mute').click();
  await expect(bob.locator('#mute')).toHaveText('Unmute');
  await expect(alice.locator('#peerMic')).toBeVisible();
  await expect(alice.locator('#peerMic')).toHaveText('mic off');

  await bob.locator('#hangup').click();
  await expectState(bob, 'stopped');
  await expectPageState(alice, 'waiting');
  await expect(alice.locator('#notice')).toContainText('The other side left');
  await expect(alice.locator('#stats')).toBeEmpty();
  await expect(alice.locator('#peerMic')).toBeHidden();

  // Bob calls again: Alice sees him, and her figures and chart come back with the new connection.
  await bob.locator('#join').click();
  await expectPageState(alice, 'connected');
  await expectRemotePicture(alice);
  await expect(alice.locator('#stats')).toContainText(/\d+×\d+ · \d+ fps/);
});
