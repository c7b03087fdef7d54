/**
 * A throwaway `redis-server` (Debian's package; scripts/test.sh installs it)
 * on a loopback port, with no persistence, for the cluster spec.
 */
import { spawn, spawnSync } from 'node:child_process';
import { freePort } from '../demos/serverProcess';

export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Why the cluster spec cannot run here, or undefined when it can. */
export function redisSkipReason(): string | undefined {
  return spawnSync('sh', ['-c', 'command -v redis-server']).status === 0 ? undefined : 'redis-server is not installed (Debian package redis-server; scripts/test.sh installs it)';
}

/** On a free port: probed, and probed again if another process took it before redis-server bound it. */
export async function startRedis(attempts = 3): Promise<RedisServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRedisOn(await freePort());
    } catch (error) {
      if (attempt >= attempts || !/Address already in use/i.test(String(error))) throw error;
    }
  }
}

async function startRedisOn(port: number): Promise<RedisServer> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
