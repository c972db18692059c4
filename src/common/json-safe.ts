import { whToMwh } from './energy';

/** The value with every bigint written as a decimal string (exact Wh in JSON). */
export type JsonSafe<T> = T extends bigint
  ? string
  : T extends (infer U)[]
    ? JsonSafe<U>[]
    : T extends readonly (infer U)[]
      ? readonly JsonSafe<U>[]
      : T extends object
        ? { [K in keyof T]: JsonSafe<T[K]> }
        : T;

export function jsonSafe<T>(value: T): JsonSafe<T> {
  if (typeof value === 'bigint') return value.toString() as JsonSafe<T>;
  if (Array.isArray(value)) return value.map(jsonSafe) as JsonSafe<T>;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)])) as JsonSafe<T>;
  }
  return value as JsonSafe<T>;
}

/** `JsonSafe`, plus a `…Mwh` string beside every bigint (or null) field named `…Wh`. */
export type WithMwh<T> = T extends bigint
  ? string
  : T extends (infer U)[]
    ? WithMwh<U>[]
    : T extends readonly (infer U)[]
      ? readonly WithMwh<U>[]
      : T extends Date
        ? T
        : T extends object
          ? { [K in keyof T]: WithMwh<T[K]> } & {
              [
                K in keyof T as K extends `${infer P}Wh`
                  ? T[K] extends bigint | null
                    ? `${P}Mwh`
                    : never
                  : never
              ]: null extends T[K] ? string | null : string;
            }
          : T;

/**
 * Like `jsonSafe`, and every bigint field named `…Wh` gets a `…Mwh` sibling right after it: the same energy in
 * MWh with 3 decimals, rounded half away from zero (C-1: exact Wh for re-performing, MWh for reading).
 */
export function jsonWithMwh<T>(value: T): WithMwh<T> {
  if (typeof value === 'bigint') return value.toString() as WithMwh<T>;
  if (Array.isArray(value)) return value.map(jsonWithMwh) as WithMwh<T>;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).flatMap(([k, v]) =>
        (typeof v === 'bigint' || v === null) && k.endsWith('Wh')
          ? [
              [k, v === null ? null : v.toString()],
              [`${k.slice(0, -2)}Mwh`, v === null ? null : whToMwh(v)],
            ]
          : [[k, jsonWithMwh(v)]],
      ),
    ) as WithMwh<T>;
  }
  return value as WithMwh<T>;
}
