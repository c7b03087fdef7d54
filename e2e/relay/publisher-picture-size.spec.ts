/**
 * A publisher on the SDK sends the simulcast layers its picture gets, the
 * full-size one always among them: Chrome sends only its first encodings
 * below 960×540, so a 640×480 camera reached viewers at 320×240 at best.
 * Viewers on the raw client force the top layer and decode the full size,
 * at publish time and after the camera is switched to a smaller picture
 * (960×540, the smallest picture Chrome sends three layers of, is the start:
 * lighter to encode than 720p on a 2-core machine).
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { uniqueStreamId } from '../helpers/demo';
import { expectDecodedHeight, layerHeights, rawPlay, streamInfoHeights, viewerSends } from '../helpers/rawClient';

test.describe.configure({ timeout: 60_000 });

/** Publishes the fake camera at `width`×`height` with the SDK (ES module build) as window.publishing. */
async function sdkPublish(page: Page, streamId: string, width: number, height: number): Promise<void> {
  await page.evaluate(
    async ({ streamId, width, height }) => {
      const sdk = await import('/sdk/relayrtc.mjs' as string);
      const client = new sdk.RelayClient({ url: `ws://${location.host}/LiveApp/websocket` });
      await client.connect();
      const media = await sdk.LocalMedia.capture({ audio: false, video: { width: { exact: width }, height: { exact: height } } });
      (window as unknown as Record<string, unknown>).publishing = { media, publisher: await client.publish(streamId, media) };
    },
    { streamId, width, height },
  );
}

test('a 640×480 camera reaches a viewer at 640×480, in two layers', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  await sdkPublish(await openDemo('/'), streamId, 640, 480);
  const viewer = await openDemo('/');
  await rawPlay(viewer, streamId);

  expect(await layerHeights(viewer, streamId, 2)).toEqual([240, 480]);
  await viewerSends(viewer, { command: 'forceStreamQuality', streamId, streamHeight: 480 });
  await expectDecodedHeight(viewer, 480);
});

test('switching a 960×540 publish (three layers) to a 640×480 camera keeps the full size for viewers', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const publisher = await openDemo('/');
  await sdkPublish(publisher, streamId, 960, 540);
  const viewer = await openDemo('/');
  await rawPlay(viewer, streamId);
  expect((await layerHeights(viewer, streamId, 3)).at(-1)).toBe(540);

  await publisher.evaluate(() => (window as any).publishing.media.switchCamera({ width: { exact: 640 }, height: { exact: 480 } }));

  await expect.poll(async () => (await streamInfoHeights(viewer, streamId)).at(-1), { timeout: 10_000, message: 'the top layer at the full 480 lines' }).toBe(480);
  await viewerSends(viewer, { command: 'forceStreamQuality', streamId, streamHeight: 480 });
  await expectDecodedHeight(viewer, 480);
});
