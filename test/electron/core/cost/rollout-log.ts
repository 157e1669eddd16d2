// Writes Codex rollout lines the way Codex does (codex-protocol.md §4), for the cost tests to build session
// logs whose expected totals are worked out by hand in each test.

import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** [input, cached input, output, reasoning output]; total_tokens is written as input + output. */
export type Usage = [input: number, cached: number, output: number, reasoning: number];

function usageJson([input, cached, output, reasoning]: Usage): string {
  return `{"input_tokens":${input},"cached_input_tokens":${cached},"output_tokens":${output},"reasoning_output_tokens":${reasoning},"total_tokens":${input + output}}`;
}

const RATE_LIMITS =
  '{"limit_id":"codex","primary":{"used_percent":23.0,"window_minutes":300,"resets_at":1795280400},"secondary":null,"credits":null,"plan_type":null}';

/** Codex's session_meta; `cwd` null leaves the key out. */
export function sessionMeta(at: string, id: string, forkedFromId?: string, cwd: string | null = '/work'): string {
  const fork = forkedFromId === undefined ? '' : `,"forked_from_id":"${forkedFromId}"`;
  const where = cwd === null ? '' : `"cwd":${JSON.stringify(cwd)},`;
  return `{"timestamp":"${at}","type":"session_meta","payload":{"id":"${id}"${fork},"timestamp":"${at}",${where}"originator":"codex_cli_rs","cli_version":"0.130.0","source":"cli","model_provider":"openai","base_instructions":{"text":"You are Codex."}}}`;
}

export function turnContext(at: string, model: string): string {
  return `{"timestamp":"${at}","type":"turn_context","payload":{"turn_id":"t","cwd":"/work","approval_policy":"on-request","sandbox_policy":{"type":"workspace-write","network_access":false},"model":"${model}","collaboration_mode":{"mode":"default","settings":{"model":"${model}","reasoning_effort":"medium"}},"effort":"medium","summary":"auto"}}`;
}

/** A token_count event; pass null for a usage object the event does not carry. */
export function tokenCount(at: string, total: Usage | null, last: Usage | null = null): string {
  const parts = [total === null ? null : `"total_token_usage":${usageJson(total)}`, last === null ? null : `"last_token_usage":${usageJson(last)}`]
    .filter((p): p is string => p !== null)
    .join(',');
  return `{"timestamp":"${at}","type":"event_msg","payload":{"type":"token_count","info":{${parts},"model_context_window":258400},"rate_limits":${RATE_LIMITS}}}`;
}

/** A token_count sent only for new rate-limit headers. */
export function rateLimitsOnly(at: string): string {
  return `{"timestamp":"${at}","type":"event_msg","payload":{"type":"token_count","info":null,"rate_limits":${RATE_LIMITS}}}`;
}

export function userMessage(at: string, text = 'fix the failing test'): string {
  return `{"timestamp":"${at}","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"${text}"}]}}`;
}

/** A tool output of about `bytes` bytes, the kind of line that makes rollouts large. */
export function toolOutput(at: string, bytes: number): string {
  return `{"timestamp":"${at}","type":"response_item","payload":{"type":"function_call_output","call_id":"c1","output":"${'x'.repeat(bytes)}"}}`;
}

export interface TestHomes {
  dir: string;
  codexHome: string;
  quotabarHome: string;
  cleanup(): void;
}

export function testHomes(prefix = 'quotabar-cost-'): TestHomes {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    codexHome: join(dir, 'codex-home'),
    quotabarHome: join(dir, 'quotabar-home'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Writes `lines` (each followed by a newline) to `<codexHome>/<relativePath>`, creating folders. */
export function writeLog(codexHome: string, relativePath: string, lines: string[]): string {
  const path = join(codexHome, relativePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
  return path;
}

export function appendText(path: string, text: string): void {
  appendFileSync(path, text);
}
