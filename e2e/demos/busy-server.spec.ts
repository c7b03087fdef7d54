/**
 * A server over its load limit admits nothing new (`highResourceUsage`): the demo pages say it is
 * busy and try again by themselves a few times before they explain the refusal, and Stop ends the
 * waiting. The first test's server refuses every new stream (event-loop limit 0), so each retry is
 * refused; the last one's is busy for a few seconds only, so a retry gets through.
 */
import { test, expect } from '../helpers/test';
import { expectState, uniqueStreamId } from '../helpers/demo';
import { startServer, type ServerProcess } from './serverProcess';

/** Three retries 3 s apart, plus a server of our own to start. */
test.describe.configure({ timeout: 90_000 });

test('the publish page tries again while the server is busy, then says why it gave up; Stop ends the wait, also when publishing again at once', async ({ openDemo }, testInfo) => {
  const server = await startServer(0, { RELAYRTC_MAX_EVENT_LOOP_LAG_MS: '0' });
  try {
    const page = await openDemo(`${server.url}/publish.html?streamId=${uniqueStreamId(testInfo)}`);
    const notice = page.locator('#notice');

    await page.locator('#publish').click();
    await expect(notice).toContainText('The server is busy right now — trying again in 3 s (1 of 3)');
    await expect(notice).toContainText('trying again in 1 s (1 of 3)'); // it counts down
    await expect(notice).toContainText('(3 of 3)', { timeout: 15_000 });
    await expectState(page, 'error', 15_000);
    await expect(page.locator('#error')).toContainText('HIGH_RESOURCE_USAGE');
    await expect(notice).toBeHidden();

    // Stop during a wait, then Publish again at once: the first wait is over for good, the second counts on.
    await page.locator('#publish').click();
    await expect(notice).toContainText('(1 of 3)');
    await expect(page.locator('#error')).toBeHidden();
    await page.locator('#stop').click();
    await expectState(page, 'stopped');
    await expect(notice).toBeHidden();
    await page.evaluate(() => {
      const element = document.getElementById('notice')!;
      const seen: string[] = ((window as unknown as { noticesSeen: string[] }).noticesSeen = []);
      new MutationObserver(() => seen.push(element.hidden ? '' : element.textContent ?? '')).observe(element, { attributes: true, childList: true, characterData: true, subtree: true });
    });
    await page.locator('#publish').click();
    await expect(notice).toContainText('(1 of 3)');
    await expect(notice).toContainText('(2 of 3)', { timeout: 6_000 });
    await expect(page.locator('#error')).toBeHidden();
    // The stopped attempt's wait left the new one alone (it used to blank the new one's notice when it ran out).
    const seen = await page.evaluate(() => (window as unknown as { noticesSeen: string[] }).noticesSeen);
    expect(seen.find((text) => !text.includes('(1 of 3)')), 'what followed "(1 of 3)"').toContain('(2 of 3)');

    await page.locator('#stop').click();
    await expectState(page, 'stopped');
    await expect(notice).toBeHidden();
    // The wait ran out after Stop: nothing was tried again, nothing reported, the camera is off.
    await page.waitForTimeout(4000);
    await expect(page.locator('#state')).toHaveText('stopped');
    await expect(page.locator('#error')).toBeHidden();
    expect(await page.locator('#localVideo').evaluate((v: HTMLVideoElement) => v.srcObject)).toBeNull();
  } finally {
    await server.crash();
  }
});

test('the publish page goes live by itself once a busy server admits it again', async ({ openDemo }, testInfo) => {
  // Judged over 5 s against a limit well above what a loaded machine's own delay reaches (~150 ms at load average 14).
  const server = await startServer(0, { RELAYRTC_MAX_EVENT_LOOP_LAG_MS: '400', RELAYRTC_LOAD_WINDOW_MS: '5000' });
  const stalling = new AbortController();
  try {
    const page = await openDemo(`${server.url}/publish.html?streamId=${uniqueStreamId(testInfo)}`);
    const notice = page.locator('#notice');
    // The server stalls again and again (1.5 s stopped, 0.3 s running to answer) until the page says it was refused.
    const refused = stallUntil(server, () => notice.isVisible(), 40_000, stalling.signal);
    refused.catch(() => {}); // awaited below; a failure before that ends the loop through `stalling`
    await expect.poll(() => eventLoopDelay(server), { timeout: 15_000, message: 'event-loop delay the server judges while stalling (ms)' }).toBeGreaterThanOrEqual(400);

    await page.locator('#publish').click();
    await refused;
    await expect(notice).toContainText('The server is busy right now — trying again in');
    // The stalls age out of the window within 5 s: a retry is admitted.
    await expectState(page, 'publishing', 20_000);
    await expect(page.locator('#error')).toBeHidden();
    await expect(notice).toBeHidden();
  } finally {
    stalling.abort();
    await server.crash();
  }
});

/** Keeps `server` stalling, 1.5 s at a time with 0.3 s between, until `done()`, `timeoutMs` or `signal` (the test ended). */
async function stallUntil(server: ServerProcess, done: () => Promise<boolean>, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!signal.aborted && !(await done())) {
    if (Date.now() > giveUpAt) throw new Error(`not done after stalling the server for ${timeoutMs} ms`);
    await server.freeze(1500);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** The event-loop delay (ms) the server's admission judges right now, from its /metrics. */
async function eventLoopDelay(server: ServerProcess): Promise<number> {
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const gauge = /^relayrtc_admission_load\{figure="event_loop_lag_ms"\} (\S+)/m.exec(metrics);
  if (!gauge) throw new Error('/metrics has no relayrtc_admission_load event_loop_lag_ms');
  return Number(gauge[1]);
}
