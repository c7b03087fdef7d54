/**
 * A developer adds the built SDK to a page, as a <script> (UMD) or as an ES
 * module, and its client connects to the server. Runs in every engine,
 * WebKitGTK included (it needs no WebRTC).
 */
import { dirname } from 'node:path';
import { test, expect } from '../helpers/test';
import { esmDependencies } from '../helpers/esmDependencies';
import { connectAndClose, loadEsmBuild, loadUmdBuild } from '../helpers/sdkInPage';

const PUBLIC_API = ['RelayClient', 'Publisher', 'Player', 'RelayError', 'getUserMedia', 'isRelayError', 'browserDetails'];

const CONNECTED_THEN_CLOSED = {
  connectedAfterConnect: true,
  closeEvent: { local: true, code: 1000 },
  connectedAfterClose: false,
};

test('the UMD build loads with a script tag and its client connects', async ({ tab }) => {
  await tab.goto('/');

  const loaded = await tab.run(loadUmdBuild, undefined);
  const connection = await tab.run(connectAndClose, undefined);

  expect(loaded.exports).toEqual(expect.arrayContaining(PUBLIC_API));
  expect(connection).toEqual(CONNECTED_THEN_CLOSED);
});

test('the ESM build loads as a module script and its client connects', async ({ tab }, testInfo) => {
  // Arrange: an import map for the build's bare imports, as an app without a bundler needs.
  const modules = await esmDependencies(dirname(testInfo.config.configFile!));
  await tab.goto('/');

  const loaded = await tab.run(loadEsmBuild, modules);
  const connection = await tab.run(connectAndClose, undefined);

  expect(loaded.exports).toEqual(expect.arrayContaining(PUBLIC_API));
  expect(connection).toEqual(CONNECTED_THEN_CLOSED);
});
