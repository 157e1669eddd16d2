import type { UsageVector } from './usage-vector.js';

/**
 * A 53-bit fingerprint of one cumulative total. A forked child's copied prefix repeats its parent's totals
 * exactly, so a set of these per file is enough to recognise the prefix without keeping the parent's lines.
 */
export function totalsFingerprint(v: UsageVector): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b1;
  for (const n of [v.input, v.cached, v.output, v.reasoning, v.total]) {
    // Numbers are token counts (< 2^53); mixing the low and high 32-bit halves keeps every digit significant.
    const lo = n >>> 0;
    const hi = Math.floor(n / 4294967296) >>> 0;
    h1 = Math.imul(h1 ^ lo, 0x01000193);
    h1 = Math.imul(h1 ^ hi, 0x01000193);
    h2 = Math.imul(h2 ^ lo, 0x85ebca6b);
    h2 = Math.imul(h2 ^ (h2 >>> 13) ^ hi, 0xc2b2ae35);
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

/** Fingerprints travel through the cache and between threads as a Float64 blob. */
export function digestToBuffer(digest: readonly number[]): Buffer {
  const array = new Float64Array(digest);
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

export function digestFromBuffer(buffer: Uint8Array | null | undefined): number[] {
  if (buffer === null || buffer === undefined || buffer.byteLength % 8 !== 0) return [];
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  return Array.from(new Float64Array(copy.buffer));
}
