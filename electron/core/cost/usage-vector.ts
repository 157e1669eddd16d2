/** One token_count usage object: input includes cached, output includes reasoning (Codex's own semantics). */
export interface UsageVector {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
  /** The logged total_tokens, kept only to identify a cumulative total exactly (fork matching). */
  total: number;
}

export const ZERO_USAGE: Readonly<UsageVector> = Object.freeze({ input: 0, cached: 0, output: 0, reasoning: 0, total: 0 });

export function addUsage(a: UsageVector, b: UsageVector): UsageVector {
  return {
    input: a.input + b.input,
    cached: a.cached + b.cached,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
    total: a.total + b.total,
  };
}

/** a − b per component, floored at 0. */
export function growth(a: UsageVector, b: UsageVector): UsageVector {
  return {
    input: Math.max(0, a.input - b.input),
    cached: Math.max(0, a.cached - b.cached),
    output: Math.max(0, a.output - b.output),
    reasoning: Math.max(0, a.reasoning - b.reasoning),
    total: Math.max(0, a.total - b.total),
  };
}

export function isZeroUsage(v: UsageVector): boolean {
  return v.input === 0 && v.cached === 0 && v.output === 0 && v.reasoning === 0;
}

/** Subsets never exceed their whole, so a malformed line cannot make cached > input or reasoning > output. */
export function clampSubsets(v: UsageVector): UsageVector {
  return { ...v, cached: Math.min(v.cached, v.input), reasoning: Math.min(v.reasoning, v.output) };
}
