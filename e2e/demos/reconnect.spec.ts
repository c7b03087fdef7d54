/**
 * The demo pages come back by themselves, with nobody clicking anything,
 * after the server restarts or a browser's connection to it drops.
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../helpers/test';
import { expectPictureAndSound, expectState, publishAndPlayFromDemos, publishFromDemo, uniqueStreamId } from '../helpers/demo';
import { framesDecoded } from './pageState';
import { freePort, startServer, type ServerProcess } from './serverProcess';

/** Reconnection includes backoff waits and a fresh ICE negotiation: more than the default 45 s budget. */
test.describe.configure({ timeout: 120_000 });

/** Drops every WebSocket of `page` on demand, as a network cut would (both ends close); counts connections. */
async function droppableSockets(page: Page) {
  const routes: Array<{ drop(): Promise<void> }> = [];
  let connections = 0;
  await page.routeWebSocket(/\/websocket/, (ws) => {
    connections++;
    const server = ws.connectToServer();
    routes.push({
      async drop() {
        await Promise.all([ws.close({ code: 4000, reason: 'network drop' }), server.close({ code: 4000, reason: 'network drop' })]);
      },
    });
  });
  return {
    connections: () => connections,
    async dropAll() {
      await Promise.all(routes.splice(0).map((route) => route.drop()));
    },
  };
}

test('publisher and viewer come back by themselves after the server restarts', async ({ openDemo }, testInfo) => {
  const port = await freePort();
  let server: ServerProcess = await startServer(port);
  try {
    const { publisher, viewer } = await publishAndPlayFromDemos(openDemo, uniqueStreamId(testInfo), server.url);

    await server.crash();
    await expectState(publisher, 'connecting');
    await expect(publisher.locator('#notice')).toContainText(/reconnecting/i);
    await expectState(viewer, 'connecting');
    server = await startServer(port);

    await expectState(publisher, 'publishing', 45_000);
    await expectState(viewer, 'playing', 45_000);
    await expectPictureAndSound(viewer);
    await expect(publisher.locator('#error')).toBeHidden();
  } finally {
    await server.crash();
  }
});

test('a viewer whose connection drops mid-stream plays again by itself', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const publisher = await publishFromDemo(openDemo, streamId);
  const viewer = await openDemo(`/play.html?streamId=${streamId}`);
  const network = await droppableSockets(viewer);
  await viewer.locator('#play').click();
  await expectState(viewer, 'playing');

  await network.dropAll();

  // The page shows 'connecting' while it reconnects, often too briefly to catch: count the new socket instead.
  await expect.poll(network.connections, { message: 'the page opened a new WebSocket by itself' }).toBe(2);
  await expectState(viewer, 'playing', 30_000);
  const decoded = await framesDecoded(viewer);
  await expect.poll(() => framesDecoded(viewer), { message: 'frames arrive on the new connection' }).toBeGreaterThan(decoded + 5);
  await expect(publisher.locator('#state')).toHaveText('publishing');
});

test('a publisher whose connection drops mid-stream publishes again by itself', async ({ openDemo }, testInfo) => {
  const streamId = uniqueStreamId(testInfo);
  const publisher = await openDemo(`/publish.html?streamId=${streamId}`);
  const network = await droppableSockets(publisher);
  await publisher.locator('#publish').click();
  await expectState(publisher, 'publishing');
  const viewer = await openDemo(`/play.html?streamId=${streamId}`);
  await viewer.locator('#play').click();
  await expectState(viewer, 'playing');

  await network.dropAll();

  await expect.poll(network.connections, { message: 'the page opened a new WebSocket by itself' }).toBe(2);
  // The server ends a stream whose socket closed (Ant Media does the same); the publisher publishes it
  // anew by itself, and the viewer, who waits for it, plays it again: nobody clicks anything.
  await expectState(publisher, 'publishing', 30_000);
  await expectState(viewer, 'playing');
  await expectPictureAndSound(viewer);
});
