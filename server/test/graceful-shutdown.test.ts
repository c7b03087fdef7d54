/**
 * Graceful shutdown: `server_will_stop` to every client, no new sockets or
 * sessions, sockets closed with 1001 and every peer and stream freed, within the deadline;
 * and the `relayrtc-server` process does it on SIGTERM and exits 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { createLogger } from '../src/log.js';
import { ProtocolClient } from './helpers/protocolClient.js';
import { call, httpBase, startConfiguredServer, upgradeStatus } from './helpers/ops.js';
import { playAndRecord, publishSynthetic } from './helpers/weriftPeers.js';

function closeCode(client: ProtocolClient): Promise<number> {
  const ws = (client as unknown as { ws: WebSocket }).ws;
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('graceful shutdown in process', () => {
  it('warns every client, refuses newcomers, closes sockets with 1001 and frees peers and streams within the deadline', async () => {
    // A notice long enough for the checks made during it, even on a loaded machine.
    const server = await startConfiguredServer({ shutdown: { noticeMs: 2000, deadlineMs: 6000 } });
    const publisherClient = await ProtocolClient.connect(server.url);
    const playerClient = await ProtocolClient.connect(server.url);
    const publisher = await publishSynthetic(publisherClient, 'bye_1');
    const pacer = setInterval(() => publisher.sendVideoPacket(), 20);
    const player = await playAndRecord(playerClient, 'bye_1');
    const closes = [closeCode(publisherClient), closeCode(playerClient)];

    try {
      const stopping = server.shutdown();
      await publisherClient.next((m) => m.command === 'notification' && m.definition === 'server_will_stop');
      await playerClient.next((m) => m.command === 'notification' && m.definition === 'server_will_stop');
      // During the notice: not ready, no new sockets, no new sessions.
      assert.equal((await call(`${httpBase(server)}/ready`)).status, 503);
      assert.equal(await upgradeStatus(server.url), 503);
      playerClient.send({ command: 'publish', streamId: 'late_1' });
      assert.equal((await playerClient.next((m) => m.command === 'error')).definition, 'serverShuttingDown');

      const report = await stopping;
      clearInterval(pacer);
      assert.equal(report.clean, true);
      assert.ok(report.elapsedMs < 6000, `took ${report.elapsedMs} ms`);
      assert.deepEqual(await Promise.all(closes), [1001, 1001]);
      // The streams did not end: the server left. Clients reconnect rather than stop.
      for (const client of [publisherClient, playerClient]) {
        assert.ok(!client.received.some((m) => m.definition === 'play_finished' || m.definition === 'publish_finished'), JSON.stringify(client.received.slice(-3)));
      }
      assert.equal(server.context.peers.openCount, 0);
      assert.equal(server.context.registry.size, 0);
    } finally {
      clearInterval(pacer);
      await player.close();
      await publisher.close();
      await server.close();
    }
  });

  it('cuts what is left at the deadline', async () => {
    // Silent: the deadline's warning is expected here.
    const server = await startConfiguredServer({ shutdown: { noticeMs: 5000, deadlineMs: 300 } }, { log: createLogger('test', 'silent') });
    const client = await ProtocolClient.connect(server.url);
    const started = Date.now();
    const report = await server.shutdown();
    assert.equal(report.clean, false);
    assert.ok(Date.now() - started < 1500);
    await client.close();
  });
});

describe('relayrtc-server on SIGTERM', () => {
  it('sends server_will_stop and exits 0 within its deadline', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/bin.ts', '--port', '0', '--host', '127.0.0.1', '--shutdown-deadline-ms', '3000', '--shutdown-notice-ms', '200'], {
      cwd: new URL('../../', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${output}`)), 20_000);
        child.stdout.on('data', () => {
          const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
      });
      const client = await ProtocolClient.connect(`ws://127.0.0.1:${port}/LiveApp/websocket`);
      const closed = closeCode(client);
      const started = Date.now();
      child.kill('SIGTERM');
      await client.next((m) => m.command === 'notification' && m.definition === 'server_will_stop');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0, output);
      assert.ok(Date.now() - started < 3000);
      assert.equal(await closed, 1001);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
