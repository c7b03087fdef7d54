/**
 * Reads the configuration: defaults (config.ts), then the JSON file named by
 * --config or RELAYRTC_CONFIG, then environment variables, then flags; each
 * value is validated where it is read, so the message names the bad key, and
 * the whole is checked once more (config/checks.ts).
 */
import { readFileSync } from 'node:fs';
import { defaultConfig, type RelayServerConfig } from '../config.js';
import { checkConfig } from './checks.js';
import { CONFIG_FILE_ENV, CONFIG_FILE_FLAG, OPTIONS, type OptionSpec } from './options.js';
import { ConfigError, getPath, setPath, valueFromJson, valueFromText } from './values.js';

export { ConfigError } from './values.js';

export interface ConfigSources {
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  readFile?: (path: string) => string;
}

export type LoadResult = { kind: 'config'; config: RelayServerConfig; file: string | undefined } | { kind: 'help'; text: string };

const BY_FLAG = new Map(OPTIONS.filter((o) => o.flag).map((o) => [o.flag!, o]));
const BY_KEY = new Map(OPTIONS.map((o) => [o.key, o]));
const SECTIONS = new Set(OPTIONS.flatMap((o) => o.key.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));

interface FlagValue {
  spec: OptionSpec;
  raw: string;
  where: string;
}

/** Splits argv into the config file, --help, and one raw value per flag. */
function parseArgv(argv: readonly string[]): { help: boolean; file: string | undefined; values: FlagValue[] } {
  const values: FlagValue[] = [];
  let file: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    let inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (name === CONFIG_FILE_FLAG) {
      file = inline ?? argv[++i];
      if (file === undefined) throw new ConfigError(CONFIG_FILE_FLAG, `${CONFIG_FILE_FLAG} needs a file name`);
      continue;
    }
    const negated = name.startsWith('--no-') ? BY_FLAG.get(`--${name.slice(5)}`) : undefined;
    if (negated?.type.kind === 'boolean' && inline === undefined) {
      values.push({ spec: negated, raw: 'false', where: `flag ${name}` });
      continue;
    }
    const spec = BY_FLAG.get(name);
    if (!spec) throw new ConfigError(name, `unknown option '${name}' (relayrtc-server --help lists them)`);
    if (inline === undefined) {
      const next = argv[i + 1];
      if (spec.type.kind === 'boolean') inline = next !== undefined && /^(true|false|1|0|yes|no|on|off)$/i.test(next) ? argv[++i] : 'true';
      else if (next === undefined) throw new ConfigError(spec.key, `flag ${name} (${spec.key}) needs a value`);
      else inline = argv[++i];
    }
    values.push({ spec, raw: inline!, where: `flag ${name}` });
  }
  return { help, file, values };
}

/** Applies a JSON file's object over `config`, refusing keys that are not settings. */
function applyFile(config: RelayServerConfig, json: unknown, file: string, prefix = ''): void {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError(prefix || file, `config file ${file}: ${prefix ? `'${prefix}'` : 'the top level'} must be an object`);
  }
  for (const [name, value] of Object.entries(json)) {
    const key = prefix ? `${prefix}.${name}` : name;
    const spec = BY_KEY.get(key);
    if (spec) setPath(config, key, valueFromJson(spec, value, `config file ${file}: key '${key}'`));
    else if (SECTIONS.has(key)) applyFile(config, value, file, key);
    else throw new ConfigError(key, `config file ${file}: unknown key '${key}'`);
  }
}

function readJsonFile(file: string, readFile: (path: string) => string): unknown {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    throw new ConfigError(file, `config file ${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, `config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Loads and validates; throws ConfigError naming the bad key. */
export function loadConfig(sources: ConfigSources = {}): LoadResult {
  const env = sources.env ?? process.env;
  const readFile = sources.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const args = parseArgv(sources.argv ?? []);
  if (args.help) return { kind: 'help', text: helpText() };

  const config = structuredClone(defaultConfig);
  const file = args.file ?? (env[CONFIG_FILE_ENV] || undefined);
  if (file) applyFile(config, readJsonFile(file, readFile), file);
  for (const spec of OPTIONS) {
    const raw = spec.env ? env[spec.env] : undefined;
    if (raw !== undefined && raw !== '') setPath(config, spec.key, valueFromText(spec, raw, `environment variable ${spec.env}`));
  }
  for (const { spec, raw, where } of args.values) setPath(config, spec.key, valueFromText(spec, raw, where));
  checkConfig(config, readFile);
  return { kind: 'config', config, file };
}

/** The environment variables over the defaults (no flags, no file). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RelayServerConfig {
  const result = loadConfig({ env, argv: [] });
  if (result.kind !== 'config') throw new Error('unreachable: no --help without argv');
  return result.config;
}

function shownDefault(spec: OptionSpec): string {
  const value = getPath(defaultConfig, spec.key);
  if (spec.secret) return value === '' || (Array.isArray(value) && value.length === 0) ? 'none' : '(set)';
  if (value === undefined) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  return value === '' ? 'none' : String(value);
}

/** `relayrtc-server --help`: each setting's flag and variable, then what it does, its file key and default. */
export function helpText(): string {
  const entry = (left: string, right: string) => `  ${left}\n      ${right}`;
  return [
    'Usage: relayrtc-server [options]',
    '',
    'RelayRTC media server: Ant Media compatible signaling at /{app}/websocket, REST API at',
    '/{app}/rest/v2, dashboard at /dashboard/, metrics at /metrics, probes at /health and /ready.',
    '',
    'Settings come from defaults, then a JSON file (keys as in [brackets], nested by dots),',
    'then environment variables, then flags. Boolean flags take --flag, --no-flag or --flag=false.',
    '',
    entry(`${CONFIG_FILE_FLAG} FILE, ${CONFIG_FILE_ENV}`, 'JSON configuration file'),
    entry('-h, --help', 'this help'),
    ...OPTIONS.map((spec) =>
      entry([spec.flag ?? '(JSON file only)', spec.env].filter(Boolean).join(', '), `${spec.help} [${spec.key}; default ${shownDefault(spec)}]`),
    ),
    '',
  ].join('\n');
}
