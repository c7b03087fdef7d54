/**
 * A relay server of our own for the reconnection specs, which kill it and
 * start another on the same port (the Playwright webServer must stay up for
 * the other specs), and for the cluster spec's nodes. `RELAYRTC_E2E_SERVER_CWD` runs another checkout's server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ADMISSION_OFF } from '../helpers/serverEnv';

const ROOT = resolve(__dirname, '../..');

export interface ServerProcess {
  readonly port: number;
  readonly url: string;
  /** Kills the server at once (SIGKILL: a crash, no goodbye to its clients). */
  crash(): Promise<void>;
  /** Stops the process for `ms` (SIGSTOP, then SIGCONT): its event loop stalls as on a saturated machine. */
  freeze(ms: number): Promise<void>;
  /** What it printed so far (stdout and stderr), for a failed test's attachments. */
  output(): string;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

async function healthy(url: string, timeoutMs: number, child: ChildProcess, log: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log.join('')}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server on ${url} did not come up in ${timeoutMs} ms:\n${log.join('')}`);
}

/**
 * Starts `relayrtc-server` on `port`, or on any free port with 0 (read back from the line it prints:
 * no other process can take it between a probe and the server's listen); `env` adds settings
 * (e.g. the cluster's RELAYRTC_CLUSTER_*).
 */
export async function startServer(port: number, env: Record<string, string> = {}): Promise<ServerProcess> {
  const cwd = process.env.RELAYRTC_E2E_SERVER_CWD ?? ROOT;
  // Node with tsx's loader, not the tsx CLI: the CLI runs the server in a child process that SIGKILL would miss.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/bin.ts'], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...ADMISSION_OFF, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  child.stdout?.on('data', (d: Buffer) => log.push(String(d)));
  child.stderr?.on('data', (d: Buffer) => log.push(String(d)));
  // Generous: on a loaded 2-core machine tsx compiling the server (and, for a cluster node, ioredis) takes a while.
  const bound = port !== 0 ? port : await listeningPort(child, log, 60_000);
  const url = `http://127.0.0.1:${bound}`;
  await healthy(url, 30_000, child, log);
  return {
    port: bound,
    url,
    output: () => log.join(''),
    freeze: async (ms) => {
      child.kill('SIGSTOP');
      await new Promise((r) => setTimeout(r, ms));
      child.kill('SIGCONT');
    },
    crash: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGKILL');
      }),
  };
}

/** The port in the server's "listening on" line. */
async function listeningPort(child: ChildProcess, log: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log.join(''));
    if (match) return Number(match[1]);
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server printed no listening line in ${timeoutMs} ms:\n${log.join('')}`);
}
