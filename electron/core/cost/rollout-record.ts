import type { UsageVector } from './usage-vector.js';

// The few rollout records the cost scan needs (codex-protocol.md §4), parsed leniently: unknown fields and
// record types are ignored, a field of the wrong type is treated as absent, never as an error.

export type RolloutRecord =
  | { type: 'session_meta'; timestampMs: number | null; id: string | null; forkedFromId: string | null; cwd: string | null }
  | { type: 'turn_context'; timestampMs: number | null; model: string | null }
  | {
      type: 'token_count';
      timestampMs: number | null;
      total: UsageVector | null;
      last: UsageVector | null;
      /** A model named on the event itself, used only when no turn_context came before it. */
      model: string | null;
    }
  | { type: 'other'; timestampMs: number | null };

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** `2026-11-21T12:34:56.789Z`, or a number of seconds or milliseconds since the epoch. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return value < 1e11 ? value * 1000 : value;
  }
  return null;
}

/** A TokenUsage object; null when it names neither input nor output tokens. */
export function parseUsage(value: unknown): UsageVector | null {
  const o = asObject(value);
  if (o === null) return null;
  if (!('input_tokens' in o) && !('output_tokens' in o)) return null;
  const input = tokenCount(o.input_tokens);
  const output = tokenCount(o.output_tokens);
  return {
    input,
    // Newer Codex versions write cache_read_input_tokens; where both appear the larger is the cached count.
    cached: Math.max(tokenCount(o.cached_input_tokens), tokenCount(o.cache_read_input_tokens)),
    output,
    reasoning: tokenCount(o.reasoning_output_tokens),
    total: tokenCount(o.total_tokens),
  };
}

function turnContextModel(payload: JsonObject): string | null {
  const info = asObject(payload.info);
  const settings = asObject(asObject(payload.collaboration_mode)?.settings);
  return asString(payload.model) ?? asString(payload.model_name) ?? asString(info?.model) ?? asString(info?.model_name) ?? asString(settings?.model);
}

/** Interprets one parsed JSON line. */
export function recordFromJson(value: unknown): RolloutRecord | null {
  const line = asObject(value);
  if (line === null) return null;
  const timestampMs = parseTimestamp(line.timestamp);
  const payload = asObject(line.payload);
  switch (line.type) {
    case 'session_meta': {
      return {
        type: 'session_meta',
        timestampMs,
        id: asString(payload?.id) ?? asString(payload?.session_id),
        forkedFromId: asString(payload?.forked_from_id),
        cwd: asString(payload?.cwd),
      };
    }
    case 'turn_context':
      return { type: 'turn_context', timestampMs, model: payload === null ? null : turnContextModel(payload) };
    case 'event_msg': {
      if (payload?.type !== 'token_count') return { type: 'other', timestampMs };
      const info = asObject(payload.info);
      return {
        type: 'token_count',
        timestampMs,
        total: parseUsage(info?.total_token_usage),
        last: parseUsage(info?.last_token_usage),
        model: asString(info?.model) ?? asString(info?.model_name) ?? asString(payload.model) ?? asString(line.model),
      };
    }
    default:
      return { type: 'other', timestampMs };
  }
}

/** Parses one complete line; null when it is not JSON. */
export function parseRolloutLine(text: string): RolloutRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return recordFromJson(value);
}

// ---- Sniffing the head of a line too long to parse whole ----

const STRING_FIELD = (key: string) => new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`);

function sniffString(text: string, key: string, from = 0): string | null {
  const match = STRING_FIELD(key).exec(from === 0 ? text : text.slice(from));
  if (match?.[1] === undefined) return null;
  try {
    return asString(JSON.parse(`"${match[1]}"`));
  } catch {
    return null;
  }
}

/** The JSON object that follows `"key":` in text, cut out by brace matching; null if it does not close. */
export function extractObjectAfterKey(text: string, key: string): unknown {
  const keyAt = text.indexOf(`"${key}"`);
  if (keyAt < 0) return null;
  const start = text.indexOf('{', keyAt + key.length + 2);
  if (start < 0 || text.slice(keyAt + key.length + 2, start).trim() !== ':') return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) {
      try {
        return JSON.parse(text.slice(start, i + 1));
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * What can be read from the first bytes of a relevant line that is too long to parse whole (a turn_context
 * with huge instructions, a session_meta with a long base prompt): the model or the session identity.
 */
export function sniffTruncatedRecord(head: string, kind: 'token_count' | 'turn_context' | 'session_meta'): RolloutRecord | null {
  const timestampMs = parseTimestamp(sniffString(head, 'timestamp'));
  const payloadAt = Math.max(0, head.indexOf('"payload"'));
  if (kind === 'session_meta') {
    return {
      type: 'session_meta',
      timestampMs,
      id: sniffString(head, 'id', payloadAt) ?? sniffString(head, 'session_id', payloadAt),
      forkedFromId: sniffString(head, 'forked_from_id', payloadAt),
      cwd: sniffString(head, 'cwd', payloadAt),
    };
  }
  if (kind === 'turn_context') {
    return { type: 'turn_context', timestampMs, model: sniffString(head, 'model', payloadAt) };
  }
  const total = parseUsage(extractObjectAfterKey(head, 'total_token_usage'));
  const last = parseUsage(extractObjectAfterKey(head, 'last_token_usage'));
  if (total === null && last === null) return null;
  return { type: 'token_count', timestampMs, total, last, model: null };
}
