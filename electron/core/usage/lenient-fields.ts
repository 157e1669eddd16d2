import { z } from 'zod';

// Lenient field schemas shared by the backend and app-server parsers: real payloads send
// integers or floats, numbers as strings ("7", "0E-10"), and keys that come and go.

const NUMERIC_STRING = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number, or a string holding one. */
export const numberish = z.union([z.number().finite(), z.string().trim().regex(NUMERIC_STRING).transform(Number)]);

/** Parses `value` with `schema`, or null when it does not fit: one bad field never sinks its siblings. */
export function lenient<T>(schema: z.ZodType<T>, value: unknown): T | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function firstString(obj: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

export function firstNumber(obj: Record<string, unknown>, ...keys: string[]): number | null {
  for (const key of keys) {
    const value = lenient(numberish, obj[key]);
    if (value !== null) return value;
  }
  return null;
}

export function firstBoolean(obj: Record<string, unknown>, ...keys: string[]): boolean | null {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'boolean') return value;
  }
  return null;
}
