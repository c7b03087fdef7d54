/**
 * The server is stopped gracefully (SIGTERM: server_will_stop, sockets closed
 * with 1001, no play_finished) and started again under a live stream: the
 * publisher's and the viewer's pages (the SDK's reconnection) reconnect and
 * resume, and the viewer sees and hears the stream again. (A crash, SIGKILL,
 * is e2e/demos/reconnect.spec.ts.) This spec runs its own server on a free
 * port, so restarting it disturbs no other spec.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { test, expect } from '../helpers/test';
import { expectPictureAndSound, expectState, publishAndPlayFromDemos, uniqueStreamId } from '../helpers/demo';
import { ADMISSION_OFF } from '../helpers/serverEnv';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `relayrtc-server` on `port`; resolves once it says it listens. */
async function startServer(root: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/bin.ts', '--port', String(port), '--host', '127.0.0.1', '--shutdown-notice-ms', '300'], {
    cwd: root,
    env: { ...process.env, ...ADMISSION_OFF },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relayrtc-server did not start: ${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`relayrtc-server exited ${code}: ${output}`)));
  });
  return child;
}

async function stopServer(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

test('publisher and viewer reconnect and resume when the server is stopped gracefully and started again', async ({ openDemo }, testInfo) => {
  test.setTimeout(120_000);
  const root = dirname(testInfo.config.configFile!);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = await startServer(root, port);
  try {
    // Arrange: a live stream with a viewer.
    const streamId = uniqueStreamId(testInfo);
    const { publisher, viewer } = await publishAndPlayFromDemos(openDemo, streamId, base);

    // Act: the server goes away and comes back on the same port.
    await stopServer(server, 'SIGTERM');
    await expect(viewer.locator('#state')).not.toHaveText('playing', { timeout: 15_000 });
    server = await startServer(root, port);

    // Assert: both pages are live again and the viewer gets picture and sound.
    await expectState(publisher, 'publishing', 45_000);
    await expectState(viewer, 'playing', 45_000);
    await expectPictureAndSound(viewer);
  } finally {
    await stopServer(server, 'SIGKILL');
  }
});
