/**
 * A namespaced logger with levels. Silent unless the application raises the
 * level; the library never writes to the console any other way.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Where log lines go; `console` fits. */
export interface LogSink {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Defaults to the global console, looked up when a line is written. */
  sink?: LogSink;
}

export class Logger {
  readonly namespace: string;
  private readonly level: LogLevel;
  private readonly sink: LogSink | undefined;

  constructor(namespace: string, options: LoggerOptions = {}) {
    this.namespace = namespace;
    this.level = options.level ?? 'silent';
    this.sink = options.sink;
  }

  /** A logger for a sub-component, e.g. `relayrtc:publisher:stream1`. */
  child(name: string): Logger {
    return new Logger(`${this.namespace}:${name}`, { level: this.level, sink: this.sink });
  }

  enabled(level: Exclude<LogLevel, 'silent'>): boolean {
    return RANK[level] >= RANK[this.level];
  }

  debug(...args: unknown[]): void {
    this.write('debug', args);
  }

  info(...args: unknown[]): void {
    this.write('info', args);
  }

  warn(...args: unknown[]): void {
    this.write('warn', args);
  }

  error(...args: unknown[]): void {
    this.write('error', args);
  }

  private write(level: Exclude<LogLevel, 'silent'>, args: unknown[]): void {
    if (!this.enabled(level)) return;
    const sink = this.sink ?? (typeof console === 'undefined' ? undefined : console);
    sink?.[level](`[${this.namespace}]`, ...args);
  }
}
