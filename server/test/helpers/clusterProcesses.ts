/**
 * Real processes for the cluster tests: a `redis-server` with no persistence
 * on a free loopback port, and `relayrtc-server` nodes (bin.ts through tsx)
 * configured as origins or edges of it. Each is stopped by its own PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const REPO = new URL('../../../', import.meta.url).pathname;

/**
 * Every process started here, killed when this test process ends however it
 * ends: a test file cancelled at its time limit (SIGTERM from the runner)
 * must not leave redis-server and three nodes running.
 */
const started = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}
function killStarted(): void {
  for (const child of started) child.kill('SIGKILL');
}
process.once('exit', killStarted);
process.once('SIGTERM', () => {
  killStarted();
  process.exit(143);
});
export const CLUSTER_SECRET = 'cluster-test-secret-0123456789abcdef';

/** Whether Debian's redis-server is installed (scripts/test.sh installs it when missing). */
export function redisServerPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

function waitForOutput(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 20_000): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${output.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += String(chunk);
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it started: ${output.slice(-2000)}`));
    });
  });
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

export class RedisProcess {
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {}

  /** On a free port: probed, and probed again if another process took it before redis-server bound it. */
  static async startOnFreePort(attempts = 3): Promise<RedisProcess> {
    for (let attempt = 1; ; attempt++) {
      const redis = new RedisProcess(await freePort());
      try {
        await redis.start();
        return redis;
      } catch (error) {
        if (attempt >= attempts || !/Address already in use/i.test(String(error))) throw error;
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (or starts again) on the same port, empty: no RDB, no AOF. */
  async start(): Promise<void> {
    this.child = track(spawn(redisServerPath() ?? 'redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    await waitForOutput(this.child, /Ready to accept connections/, 'redis-server');
  }

  async kill(): Promise<void> {
    if (this.child) await stop(this.child, 'SIGKILL');
  }
}

export interface NodeOptions {
  role: 'origin' | 'edge';
  nodeId: string;
  redisUrl: string;
  heartbeatMs: number;
  nodeTimeoutMs: number;
  extraArgs?: string[];
}

export class NodeProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly options: NodeOptions,
  ) {}

  static async start(options: NodeOptions): Promise<NodeProcess> {
    const args = ['--import', 'tsx', 'server/src/bin.ts', '--port', '0', '--host', '127.0.0.1', '--log-level', 'warn',
      '--cluster-redis', options.redisUrl, '--cluster-role', options.role, '--cluster-secret', CLUSTER_SECRET, '--cluster-node-id', options.nodeId,
      '--cluster-heartbeat-ms', String(options.heartbeatMs), '--cluster-node-timeout-ms', String(options.nodeTimeoutMs), ...(options.extraArgs ?? [])];
    // Admission control off: a node compiling its TypeScript at start-up (tsx) shows event-loop delay
    // that would refuse the test's publishes and plays; load is not what these tests are about.
    const env = { ...process.env, RELAYRTC_MAX_EVENT_LOOP_LAG_MS: '-1', RELAYRTC_MAX_CPU_PERCENT: '-1' };
    const child = track(spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    const match = await waitForOutput(child, /listening on http:\/\/127\.0\.0\.1:(\d+)/, `node ${options.nodeId}`);
    // RELAYRTC_CLUSTER_TEST_LOGS=1 shows what the nodes log (with --log-level in extraArgs, or warnings).
    if (process.env.RELAYRTC_CLUSTER_TEST_LOGS) child.stderr?.on('data', (chunk) => process.stderr.write(`[${options.nodeId}] ${String(chunk)}`));
    return new NodeProcess(child, Number(match[1]), options);
  }

  get http(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get ws(): string {
    return `ws://127.0.0.1:${this.port}/LiveApp/websocket`;
  }

  get rest(): string {
    return `${this.http}/LiveApp/rest/v2`;
  }

  /** SIGSTOP by PID: the node stops answering but its sockets stay open, as when its machine vanishes. */
  freeze(): void {
    this.child.kill('SIGSTOP');
  }

  /** SIGKILL by PID: the node dies without a word to anyone. */
  kill(): Promise<void> {
    return stop(this.child, 'SIGKILL');
  }
}
