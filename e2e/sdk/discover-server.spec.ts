/**
 * An app that does not hard-code its server asks the discovery endpoint where
 * to connect (a single node answers with itself) and connects there.
 */
import { test, expect } from '../helpers/test';
import { discoverAndConnect, loadUmdBuild } from '../helpers/sdkInPage';

test('discoverServer names this server for a play, and a client connects to what it names', async ({ tab }) => {
  await tab.goto('/');
  await tab.run(loadUmdBuild, undefined);

  const result = await tab.run(discoverAndConnect, undefined);

  expect(result.websocketUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/LiveApp\/websocket$/);
  expect(result.connected).toBe(true);
});
