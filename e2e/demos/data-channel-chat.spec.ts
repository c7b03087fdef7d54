/**
 * People chat in a room on the chat page: the first hosts it, the next joins;
 * text and a file (chunked over the data channel) reach the other side.
 */
import { test, expect } from '../helpers/test';
import { expectState, uniqueStreamId } from '../helpers/demo';
import { expectPageState } from './pageState';

test('two people exchange messages and a file in one room', async ({ openDemo }, testInfo) => {
  const room = uniqueStreamId(testInfo);
  const host = await openDemo(`/chat.html?streamId=${room}&name=Ada`);
  await host.locator('#join').click();
  await expectPageState(host, 'connected');
  await expect(host.locator('#notice')).toContainText('You host');

  const guest = await openDemo(`/chat.html?streamId=${room}&name=Grace`);
  await guest.locator('#join').click();
  await expectPageState(guest, 'connected');
  await expect(guest.locator('#notice')).toContainText('Joined');
  await expect(guest.locator('#send')).toBeEnabled();
  await expect(host.locator('#send')).toBeEnabled();

  await guest.locator('#message').fill('Hello from Grace');
  await guest.locator('#send').click();
  await expect(host.locator('#messages')).toContainText('GraceHello from Grace');

  await host.locator('#message').fill('Hi Grace, Ada here');
  await host.locator('#message').press('Enter');
  await expect(guest.locator('#messages')).toContainText('AdaHi Grace, Ada here');
  await expect(guest.locator('#messages li.mine')).toHaveCount(1);

  // 100 KB: seven of Ant Media's 16000-byte chunks, reassembled on the other side.
  const bytes = Buffer.alloc(100_000, 7);
  await host.locator('#file').setInputFiles({ name: 'notes.bin', mimeType: 'application/octet-stream', buffer: bytes });
  const link = guest.locator('#messages a[download="notes.bin"]');
  await expect(link).toHaveText('notes.bin (98 KB)');
  const received = await link.evaluate(async (a: HTMLAnchorElement) => (await (await fetch(a.href)).arrayBuffer()).byteLength);
  expect(received).toBe(100_000);
});

test('when the host leaves, the guest hosts the room and the host can come back to it', async ({ openDemo }, testInfo) => {
  const room = uniqueStreamId(testInfo);
  const host = await openDemo(`/chat.html?streamId=${room}&name=Ada`);
  await host.locator('#join').click();
  await expectPageState(host, 'connected');
  const guest = await openDemo(`/chat.html?streamId=${room}&name=Grace`);
  await guest.locator('#join').click();
  await expectPageState(guest, 'connected');

  await host.locator('#leave').click();

  await expectState(host, 'stopped');
  await expect(guest.locator('#notice')).toHaveText(`The host left: you host “${room}” now.`);
  await expectPageState(guest, 'connected');
  await expect(guest.locator('#send')).toBeEnabled();

  await host.locator('#join').click();
  await expectPageState(host, 'connected');
  await expect(host.locator('#notice')).toHaveText(`Joined “${room}”.`);
  await host.locator('#message').fill('Back again');
  await host.locator('#send').click();
  await expect(guest.locator('#messages')).toContainText('AdaBack again');
});

test('two people who press Join at the same moment both end up in the room', async ({ openDemo }, testInfo) => {
  const room = uniqueStreamId(testInfo);
  const ada = await openDemo(`/chat.html?streamId=${room}&name=Ada`);
  const grace = await openDemo(`/chat.html?streamId=${room}&name=Grace`);

  await Promise.all([ada.locator('#join').click(), grace.locator('#join').click()]);

  await expectPageState(ada, 'connected');
  await expectPageState(grace, 'connected');
  const notices = [await ada.locator('#notice').textContent(), await grace.locator('#notice').textContent()];
  expect(notices.filter((notice) => notice?.includes('You host'))).toHaveLength(1);
  await expect(grace.locator('#send')).toBeEnabled();
  await grace.locator('#message').fill('Made it');
  await grace.locator('#send').click();
  await expect(ada.locator('#messages')).toContainText('GraceMade it');
});
