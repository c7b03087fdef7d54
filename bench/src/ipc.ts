/**
 * Request/response over Node's child-process IPC channel: the orchestrator
 * asks, a child answers each request once (or fails it), every call bounded
 * in time.
 */
import { fork, type ChildProcess } from 'node:child_process';

interface Request {
  id: number;
  type: string;
  body: unknown;
}

type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type Handlers = Record<string, (body: any) => unknown>;

/** In a child: answers the parent's requests with `handlers` (sync or async). */
export function serve(handlers: Handlers): void {
  process.on('message', (message: Request) => {
    const reply = (response: Response): void => void process.send?.(response);
    const handler = handlers[message.type];
    if (!handler) return reply({ id: message.id, ok: false, error: `unknown request ${message.type}` });
    Promise.resolve()
      .then(() => handler(message.body))
      .then(
        (result) => reply({ id: message.id, ok: true, result: result ?? null }),
        (error: unknown) => reply({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The orchestrator gone means the run is over: never linger.
  process.on('disconnect', () => process.exit(0));
}

export class Child {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private exited = false;
  readonly exit: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    process.on('message', (response: Response) => {
      const waiter = this.pending.get(response.id);
      if (!waiter) return;
      this.pending.delete(response.id);
      clearTimeout(waiter.timer);
      if (response.ok) waiter.resolve(response.result);
      else waiter.reject(new Error(`${name}: ${response.error}`));
    });
    this.exit = new Promise((resolve) => {
      process.once('exit', (code) => {
        this.exited = true;
        for (const [id, waiter] of this.pending) {
          clearTimeout(waiter.timer);
          waiter.reject(new Error(`${name} exited (code ${code}) before answering request ${id}`));
        }
        this.pending.clear();
        resolve(code);
      });
    });
  }

  /** Starts `script` (TypeScript, through tsx) with extra Node flags and environment. */
  static start(name: string, script: string, options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}): Child {
    const child = fork(script, [], {
      execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
      env: { ...process.env, ...options.env },
      // A child's stdout goes to our stderr: our stdout carries only the JSON report.
      stdio: ['ignore', 2, 'inherit', 'ipc'],
    });
    return new Child(name, child);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  call<T>(type: string, body: unknown = {}, timeoutMs = 30_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name} did not answer ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.process.send({ id, type, body } satisfies Request);
    });
  }

  /** Asks the child to finish, then ends it (SIGKILL) if it has not within `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    await this.call('close', {}, graceMs).catch(() => undefined);
    this.process.disconnect?.();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}
