/**
 * A small namespaced logger writing JSON lines to stderr. Level from
 * `LOG_LEVEL` (error, warn, info, debug); `warn` by default so tests stay quiet.
 */
const LEVELS = { error: 0, warn: 1, info: 2, debug: 3 } as const;
export type LogLevel = keyof typeof LEVELS;

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  child(namespace: string): Logger;
}

function levelFromEnv(): LogLevel {
  const raw = process.env.LOG_LEVEL;
  return raw && raw in LEVELS ? (raw as LogLevel) : 'warn';
}

export function createLogger(namespace = 'relayrtc', level: LogLevel = levelFromEnv()): Logger {
  const threshold = LEVELS[level];
  const write = (at: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS[at] > threshold) return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: at, ns: namespace, message, ...fields })}\n`);
  };
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: (sub) => createLogger(`${namespace}:${sub}`, level),
  };
}
