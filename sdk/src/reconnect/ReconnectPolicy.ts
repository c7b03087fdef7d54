/**
 * When to try again after a lost connection. A policy is one small object
 * (LiveKit's ReconnectPolicy shape): given the attempt number, the time spent
 * so far and the last error, it answers a delay or `null` to give up.
 */
import {
  RECONNECT_GIVE_UP_MS,
  RECONNECT_INITIAL_DELAY_MS,
  RECONNECT_JITTER,
  RECONNECT_MAX_DELAY_MS,
  RECONNECT_MULTIPLIER,
} from '../core/defaults.js';
import type { RelayError } from '../core/errors.js';

export interface ReconnectContext {
  /** 1 for the first attempt after the loss. */
  attempt: number;
  /** Since the connection was lost. */
  elapsedMs: number;
  /** Why the connection was lost, or why the previous attempt failed. */
  error: RelayError;
}

export interface ReconnectPolicy {
  /** Milliseconds to wait before attempt `context.attempt`, or null to give up. */
  nextDelayMs(context: ReconnectContext): number | null;
}

export interface BackoffOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  multiplier?: number;
  /** 0..1: each delay is shortened by up to this fraction at random. */
  jitter?: number;
  maxAttempts?: number;
  giveUpAfterMs?: number;
  /** Math.random unless a test needs determinism. */
  random?: () => number;
}

/**
 * The first attempt at once (a brief network drop heals fastest that way),
 * then exponential backoff with jitter and a cap (defaults in core/defaults.ts).
 */
export function backoffPolicy(options: BackoffOptions = {}): ReconnectPolicy {
  const {
    initialDelayMs = RECONNECT_INITIAL_DELAY_MS,
    maxDelayMs = RECONNECT_MAX_DELAY_MS,
    multiplier = RECONNECT_MULTIPLIER,
    jitter = RECONNECT_JITTER,
    maxAttempts = Infinity,
    giveUpAfterMs = RECONNECT_GIVE_UP_MS,
    random = Math.random,
  } = options;
  return {
    nextDelayMs({ attempt, elapsedMs }) {
      if (attempt > maxAttempts || elapsedMs >= giveUpAfterMs) return null;
      if (attempt === 1) return 0;
      const base = Math.min(maxDelayMs, initialDelayMs * Math.pow(multiplier, attempt - 2));
      return Math.round(base * (1 - jitter * random()));
    },
  };
}

/** `reconnect` option: false disables, a policy is used as is, an object tunes the default backoff. */
export type ReconnectOption = boolean | ReconnectPolicy | BackoffOptions;

export function toReconnectPolicy(option: ReconnectOption | undefined): ReconnectPolicy | undefined {
  if (option === false) return undefined;
  if (option && typeof (option as ReconnectPolicy).nextDelayMs === 'function') return option as ReconnectPolicy;
  return backoffPolicy(option === true || option === undefined ? {} : (option as BackoffOptions));
}
