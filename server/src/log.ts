/**
 * Structured JSON logs (pino): one line per event on stderr with `time`
 * (ISO 8601), `level` (a name), `ns` (which part of the server) and `msg`,
 * plus the event's fields. Level from configuration (log.level, LOG_LEVEL);
 * `warn` by default so tests stay quiet.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  child(namespace: string): Logger;
}

const KNOWN: ReadonlySet<string> = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function levelFromEnv(): LogLevel {
  const raw = process.env.LOG_LEVEL;
  return raw && KNOWN.has(raw) ? (raw as LogLevel) : 'warn';
}

function wrap(logger: PinoLogger, namespace: string): Logger {
  return {
    error: (message, fields) => logger.error(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    info: (message, fields) => logger.info(fields ?? {}, message),
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    child: (sub) => wrap(logger.child({ ns: `${namespace}:${sub}` }), `${namespace}:${sub}`),
  };
}

export interface LoggerOptions {
  /** Where lines go; stderr (synchronously, so nothing is lost at exit) by default. */
  destination?: DestinationStream;
}

export function createLogger(namespace = 'relayrtc', level: LogLevel = levelFromEnv(), options: LoggerOptions = {}): Logger {
  const root = pino(
    {
      level,
      base: { ns: namespace },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Never write credentials, whatever a caller puts in its fields.
      redact: { paths: ['token', 'apiKey', 'authorization', '*.token', '*.authorization'], censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
  return wrap(root, namespace);
}
