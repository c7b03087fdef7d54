/**
 * An operator opens the dashboard while someone publishes and someone
 * watches: the stream is listed with its publisher, viewer count, layers and
 * codecs, and its charts keep drawing new samples. (The e2e server has no
 * REST credentials configured, so the dashboard answers loopback browsers.)
 */
import { test, expect } from '../helpers/test';
import { publishAndPlayFromDemos, uniqueStreamId } from '../helpers/demo';

test('an operator sees a live stream with its publisher, viewers, layers, codecs and live charts', async ({ openDemo }, testInfo) => {
  // Arrange: a stream with one viewer.
  const streamId = uniqueStreamId(testInfo);
  const { publisher, viewer } = await publishAndPlayFromDemos(openDemo, streamId);

  // Act: the operator opens the dashboard.
  const dashboard = await openDemo('/dashboard/');

  // Assert: the stream's row and its charts.
  await expect(dashboard.locator('#dashboard-state')).toHaveText('live');
  const row = dashboard.locator(`tr.stream[data-stream-id="${streamId}"]`);
  await expect(row.locator('.status')).toHaveText('broadcasting');
  await expect(row.locator('.viewers')).toHaveText('1');
  await expect(row.locator('.publisher')).toContainText('127.0.0.1');
  await expect(row.locator('.codecs')).toContainText(/VP8|H264/);
  await expect(row.locator('.codecs')).toContainText(/opus/);
  await expect(row.locator('.layers')).toContainText(/\d+p \d/);
  await expect(row.locator('.bitrate')).toContainText(/kbps|Mbps/);
  const charts = dashboard.locator(`tr.charts[data-stream-id="${streamId}"]`);
  for (const series of ['bitrate', 'loss', 'viewers']) await expect(charts.locator(`canvas[data-series="${series}"]`)).toBeVisible();
  await expect(charts.locator('canvas[data-series="bitrate"]')).toHaveAttribute('data-points', /^([3-9]|\d\d+)$/, { timeout: 15_000 });
  expect(Number(await charts.locator('canvas[data-series="bitrate"]').getAttribute('data-last'))).toBeGreaterThan(0);

  // The viewer leaves: the count follows.
  await viewer.close();
  await expect(row.locator('.viewers')).toHaveText('0', { timeout: 15_000 });
});
