/**
 * Turns one setting's raw value (text from a flag or variable, or a JSON
 * value from the file) into its typed value, or throws a ConfigError naming
 * where it came from.
 */
import type { OptionSpec, OptionType } from './options.js';

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';

  constructor(
    /** The setting's key (dotted path), or the flag/variable/file that was wrong. */
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

function describe(type: OptionType): string {
  switch (type.kind) {
    case 'integer':
      return type.max === undefined ? `an integer of at least ${type.min}` : `an integer from ${type.min} to ${type.max}`;
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'list':
      return 'a comma-separated list (an array of strings in the file)';
    case 'enum':
      return `one of ${type.values.join(', ')}`;
    case 'portRange':
      return "a port range 'low-high' with 1 <= low <= high <= 65535";
    case 'iceServers':
      return 'an array of {urls, username?, credential?}';
  }
}

function checkInteger(value: number, type: Extract<OptionType, { kind: 'integer' }>): boolean {
  return Number.isInteger(value) && value >= type.min && (type.max === undefined || value <= type.max);
}

function portRange(low: unknown, high: unknown): [number, number] | undefined {
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
  return ok(low) && ok(high) && low <= high ? [low, high] : undefined;
}

function iceServers(value: unknown): Array<{ urls: string; username?: string; credential?: string }> | undefined {
  if (!Array.isArray(value)) return undefined;
  const valid = value.every(
    (entry) =>
      entry !== null &&
      typeof entry === 'object' &&
      typeof (entry as { urls?: unknown }).urls === 'string' &&
      ['username', 'credential'].every((k) => (entry as Record<string, unknown>)[k] === undefined || typeof (entry as Record<string, unknown>)[k] === 'string'),
  );
  return valid ? (value as Array<{ urls: string; username?: string; credential?: string }>) : undefined;
}

/** A value given as text (flag or environment variable). */
export function valueFromText(spec: OptionSpec, raw: string, where: string): unknown {
  const fail = (): never => {
    throw new ConfigError(spec.key, `${where} (${spec.key}) must be ${describe(spec.type)}, got '${raw}'`);
  };
  const type = spec.type;
  switch (type.kind) {
    case 'integer': {
      const value = raw.trim() === '' ? Number.NaN : Number(raw);
      return checkInteger(value, type) ? value : fail();
    }
    case 'string':
      return raw;
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : fail();
    }
    case 'list':
      return raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
    case 'enum':
      return type.values.includes(raw) ? raw : fail();
    case 'portRange': {
      const match = /^(\d+)-(\d+)$/.exec(raw.trim());
      return (match && portRange(Number(match[1]), Number(match[2]))) ?? fail();
    }
    case 'iceServers': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return fail();
      }
      return iceServers(parsed) ?? fail();
    }
  }
}

/** A value given in the JSON file. */
export function valueFromJson(spec: OptionSpec, value: unknown, where: string): unknown {
  const fail = (): never => {
    throw new ConfigError(spec.key, `${where} must be ${describe(spec.type)}, got ${JSON.stringify(value)}`);
  };
  const type = spec.type;
  switch (type.kind) {
    case 'integer':
      return typeof value === 'number' && checkInteger(value, type) ? value : fail();
    case 'string':
      return typeof value === 'string' ? value : fail();
    case 'boolean':
      return typeof value === 'boolean' ? value : fail();
    case 'list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : fail();
    case 'enum':
      return typeof value === 'string' && type.values.includes(value) ? value : fail();
    case 'portRange':
      if (value === null) return undefined;
      return (Array.isArray(value) && value.length === 2 && portRange(value[0], value[1])) || fail();
    case 'iceServers':
      return iceServers(value) ?? fail();
  }
}

/** The value at a dotted path of a plain object. */
export function getPath(target: object, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], target);
}

/** Sets a dotted path of a plain object whose intermediate objects exist. */
export function setPath(target: object, path: string, value: unknown): void {
  const parts = path.split('.');
  const last = parts.pop()!;
  const parent = parts.reduce<Record<string, unknown>>((node, part) => node[part] as Record<string, unknown>, target as Record<string, unknown>);
  parent[last] = value;
}
