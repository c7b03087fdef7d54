/**
 * The WebRTCAdaptor facade's sound meters in a real browser (the UMD build, as
 * an Ant Media page loads it): the microphone's level reaches the level
 * callback, and speech into a muted microphone is reported as
 * `speaking_but_muted`. The microphone is a steady tone made with Web Audio.
 */
import { test, expect } from '../helpers/test';

test('the facade meters the microphone, muted or not', async ({ openDemo, engine }) => {
  test.skip(
    engine !== 'chromium',
    "verified in Chromium: on this machine (no audio device) Firefox's Web Audio graph does not run, so every analyser reads silence, even of an oscillator",
  );
  const page = await openDemo('/health');
  await page.setContent('<script src="/sdk/relayrtc.umd.min.js"></script><button id="meter">Meter</button>', { waitUntil: 'load' });
  // Web Audio may only run after a user gesture (Firefox's autoplay policy): the scenario starts on a click, as a page's button would.
  const scenario = page.evaluate(
    () => new Promise<unknown>((resolve) => document.getElementById('meter')!.addEventListener('click', () => resolve((window as unknown as { meterScenario(): Promise<unknown> }).meterScenario()), { once: true })),
  );
  await page.evaluate(() => {
    (window as unknown as { meterScenario(): Promise<unknown> }).meterScenario = async () => {
    // A steady tone as the microphone (Chromium's fake one beeps for a moment each second, too short for a 200 ms check to count on).
    const tone = new AudioContext();
    const oscillator = tone.createOscillator();
    const toMicrophone = tone.createMediaStreamDestination();
    oscillator.connect(toMicrophone);
    oscillator.start();
    navigator.mediaDevices.getUserMedia = async () => new MediaStream(toMicrophone.stream.getAudioTracks().map((t) => t.clone()));
    const callbacks: string[] = [];
    const errors: string[] = [];
    const sdk = (window as unknown as { RelayRTC: { WebRTCAdaptor: new (options: object) => Record<string, (...args: unknown[]) => unknown> } }).RelayRTC;
    const adaptor = new sdk.WebRTCAdaptor({
      websocket_url: `ws://${location.host}/LiveApp/websocket`,
      mediaConstraints: { audio: true, video: false },
      callback: (info: string) => callbacks.push(info),
      callbackError: (error: string, message: unknown) => errors.push(`${error}: ${String(message)}`),
    });
    const until = (check: () => boolean, ms: number) =>
      new Promise<boolean>((resolve) => {
        const started = Date.now();
        const timer = setInterval(() => {
          if (check() || Date.now() - started > ms) {
            clearInterval(timer);
            resolve(check());
          }
        }, 50);
      });
    await until(() => callbacks.includes('initialized'), 10_000);
    let loudest = 0;
    await adaptor.enableAudioLevelForLocalStream!((level: number) => (loudest = Math.max(loudest, level)), 50);
    await until(() => loudest > 0.5, 5000);
    adaptor.disableAudioLevelForLocalStream!();
    adaptor.muteLocalMic!();
    await adaptor.enableAudioLevelWhenMuted!();
    const heardWhileMuted = await until(() => callbacks.includes('speaking_but_muted'), 5000);
    adaptor.disableAudioLevelWhenMuted!();
    adaptor.closeWebSocket!();
    void tone.close();
    return { loudest, heardWhileMuted, errors };
    };
  });
  await page.locator('#meter').click();
  const result = (await scenario) as { loudest: number; heardWhileMuted: boolean; errors: string[] };
  expect(result.errors).toEqual([]);
  expect(result.loudest, "the microphone's tone (a full-scale sine: RMS 0.71) shows on the meter").toBeGreaterThan(0.5);
  expect(result.heardWhileMuted, 'speaking_but_muted while the microphone is muted').toBe(true);
});
