/**
 * An Ant Media sample page switches to RelayRTC by changing its import: the
 * same WebRTCAdaptor options, calls and callback strings publish, show stats,
 * play and exchange data-channel messages through our server. Once with the
 * ES module build, once with the UMD script tag (`RelayRTC.WebRTCAdaptor`),
 * once with the same bundle under Ant Media's own global (`webrtc_adaptor`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { uniqueStreamId } from '../helpers/demo';

const SAMPLE = readFileSync(join(__dirname, 'fixtures/antmedia-sample.html'), 'utf8');

const IMPORTS = {
  // `import { WebRTCAdaptor } from "../js/webrtc_adaptor.js"` becomes:
  esm: `<script type="module">import * as sdk from '/sdk/relayrtc.mjs'; window.__sdk = sdk;</script>`,
  // `<script src="webrtc_adaptor.js">` becomes:
  umd: `<script src="/sdk/relayrtc.umd.min.js"></script><script>window.__sdk = RelayRTC;</script>`,
  // A page reading Ant Media's browser global (`webrtc_adaptor.WebRTCAdaptor`) changes only the src:
  'antmedia-global': `<script src="/sdk/webrtc_adaptor.min.js"></script><script>window.__sdk = webrtc_adaptor;</script>`,
};

/**
 * Opens the sample in a page of the server (a secure context whose socket is
 * same-origin): Chromium's Local Network Access checks would block the socket
 * of a document fulfilled by page.route, so a real page's content is replaced.
 */
async function openSample(openDemo: (path: string) => Promise<Page>, build: keyof typeof IMPORTS, mode: string, streamId: string) {
  const page = await openDemo(`/health?mode=${mode}&id=${streamId}`);
  await page.setContent(SAMPLE.replace('<!--IMPORT-->', IMPORTS[build]), { waitUntil: 'load' });
  return page;
}

const callbacks = (page: Page) => page.evaluate(() => (window as unknown as { callbacks?: string[] }).callbacks ?? []);

for (const build of ['esm', 'umd', 'antmedia-global'] as const) {
  test(`an Ant Media sample publishes, plays and exchanges data through the facade (${build})`, async ({ openDemo }, testInfo) => {
    const streamId = uniqueStreamId(testInfo);
    const publisher = await openSample(openDemo, build, 'publish', streamId);
    await expect(publisher.locator('#start_publish_button')).toBeEnabled();
    await publisher.locator('#start_publish_button').click();
    await expect(publisher.locator('#status')).toHaveText('Status: Publishing');
    await expect(publisher.locator('#stats_panel')).toBeVisible({ timeout: 15_000 });
    await expect(publisher.locator('#ongoing_width')).not.toHaveText('0');

    const player = await openSample(openDemo, build, 'play', streamId);
    await player.locator('#start_play_button').click();
    await expect(player.locator('#status')).toHaveText('Status: Playing');
    await expect
      .poll(() => player.locator('#remoteVideo').evaluate((v: HTMLVideoElement) => v.videoWidth), { message: 'the remote video shows the picture' })
      .toBeGreaterThan(0);

    await expect(publisher.locator('#status')).toHaveAttribute('data-ice', 'connected');
    await publisher.locator('#dataTextbox').fill('hello players');
    await publisher.locator('#send').click();
    await expect(player.locator('#all-messages')).toHaveText('Received: hello players');

    await publisher.locator('#stop_publish_button').click();
    await expect(publisher.locator('#status')).toHaveText('Status: Offline');
    const seen = await callbacks(publisher);
    expect(seen).toEqual(expect.arrayContaining(['initialized', 'publish_started', 'updated_stats', 'publish_finished']));
    expect(seen.filter((name) => name.startsWith('error:'))).toEqual([]);

    // As with the official SDK, the player retries the stream its publisher stopped (the page shows
    // the no_stream_exist of each try) and plays it again once it is back, with no click.
    await expect.poll(() => callbacks(player)).toEqual(expect.arrayContaining(['play_finished', 'reconnection_attempt_for_player']));
    await publisher.locator('#start_publish_button').click();
    await expect(publisher.locator('#status')).toHaveText('Status: Publishing');
    await expect(player.locator('#status')).toHaveText('Status: Playing');
    expect((await callbacks(player)).filter((name) => name === 'play_started')).toHaveLength(2);
  });
}
