/**
 * A tiny schema language for the wire protocol: each command is described once
 * as a table of fields, and both its TypeScript type and its runtime validator
 * are derived from that table, so the two can never drift apart.
 *
 * This module is a leaf: no browser or Node APIs, nothing else of ours.
 */

/** Describes one field of a message. `T` is the type the field has once validated. */
export interface FieldSpec<T> {
  readonly required: boolean;
  readonly typeName: string;
  /** Returns the accepted value, or `undefined` when the raw value is not acceptable. */
  readonly accept: (raw: unknown) => T | undefined;
}

export type Fields = Readonly<Record<string, FieldSpec<unknown>>>;

type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K]['required'] extends true ? K : never }[keyof F];
type OptionalKeys<F extends Fields> = Exclude<keyof F, RequiredKeys<F>>;
type ValueOf<S> = S extends FieldSpec<infer T> ? T : never;

/** The validated object type that a field table describes. */
export type Shape<F extends Fields> = { [K in RequiredKeys<F>]: ValueOf<F[K]> } & {
  [K in OptionalKeys<F>]?: ValueOf<F[K]>;
};

function field<T>(typeName: string, accept: (raw: unknown) => T | undefined) {
  return {
    required: { required: true as const, typeName, accept } satisfies FieldSpec<T>,
    optional: { required: false as const, typeName, accept } satisfies FieldSpec<T>,
  };
}

export const string = field('string', (raw) => (typeof raw === 'string' ? raw : undefined));
export const boolean = field('boolean', (raw) => (typeof raw === 'boolean' ? raw : undefined));
/** Finite numbers; numeric strings are accepted too because some clients stringify indexes. */
export const number = field('number', (raw) => {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  return undefined;
});
export const stringArray = field('array of strings', (raw) =>
  Array.isArray(raw) && raw.every((item) => typeof item === 'string') ? (raw as string[]) : undefined,
);
export const stringRecord = field('object of strings', (raw) => {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  return Object.values(raw).every((v) => typeof v === 'string') ? (raw as Record<string, string>) : undefined;
});
/** Whole numbers ≥ 0 (list offsets and sizes). */
export const nonNegativeInteger = field('non-negative integer', (raw) => {
  const value = number.required.accept(raw);
  return value !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
});
/** Whole numbers ≥ -1: a track limit where -1 means unlimited (Ant Media's maxVideoTrackCount). */
export const trackLimit = field('integer of -1 (unlimited) or more', (raw) => {
  const value = number.required.accept(raw);
  return value !== undefined && Number.isInteger(value) && value >= -1 ? value : undefined;
});
/** Free-form JSON (metaData, peer message data): anything but undefined. */
export const json = field('JSON value', (raw) => raw);
