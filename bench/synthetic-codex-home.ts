// Writes a synthetic Codex home of realistic shape for the cost benchmark: rollout files whose size follows a
// long-tailed distribution, mostly large response_item lines (reasoning blobs, tool output, now and then a
// multi-megabyte one) with a small token_count line after each model response, re-emitted token_counts
// (rate-limit updates), forks that copy their parent's history re-stamped at the fork instant (with the parent
// live, archived, or missing), and several models, one of them without a price.
// It also records the true usage, so the benchmark can check the totals of each tool it times.

import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const GENERATOR_VERSION = 3;

export interface SyntheticHomeParams {
  totalBytes: number;
  files: number;
  /** Share of sessions that are forks of an earlier session. */
  forkShare: number;
  seed: number;
  /** Sessions start within the `spanDays` days before this day (UTC, YYYY-MM-DD). */
  endDate: string;
  spanDays: number;
}

export interface UsageTotals {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

export interface SyntheticHomeManifest {
  generatorVersion: number;
  params: SyntheticHomeParams;
  bytes: number;
  files: number;
  tokenCountLines: number;
  forks: { total: number; parentArchived: number; parentMissing: number };
  since: string;
  until: string;
  /** What a correct scan counts: every present session's own usage, once. */
  expected: UsageTotals;
}

const MODELS: Array<[string, number]> = [
  ['gpt-5.5', 0.38],
  ['gpt-5.4', 0.2],
  ['gpt-5.3-codex', 0.15],
  ['openai/gpt-5.1-codex-max', 0.1],
  ['gpt-5.4-mini-2026-03-17', 0.12],
  ['acme-labs-preview', 0.05],
];

/** A small deterministic PRNG (mulberry32), so a seed always gives the same home. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const TEXT = 'the quick brown fox jumps over the lazy dog while the parser reads every line of the rollout ';

function blob(random: () => number, length: number): string {
  // Repeating a random 4 KiB block keeps generation fast while the bytes still look like base64.
  const block = Array.from({ length: 4096 }, () => B64[Math.floor(random() * 64)]).join('');
  return block.repeat(Math.ceil(length / block.length)).slice(0, length);
}

function prose(length: number, offset: number): string {
  return TEXT.repeat(Math.ceil((length + offset) / TEXT.length) + 1).slice(offset % TEXT.length, (offset % TEXT.length) + length);
}

function uuid(random: () => number): string {
  const hex = () => Math.floor(random() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-7${part(3)}-${'89ab'[Math.floor(random() * 4)]}${part(3)}-${part(12)}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const RATE_LIMITS =
  '{"limit_id":"codex","limit_name":null,"primary":{"used_percent":23.0,"window_minutes":300,"resets_at":1795280400},"secondary":{"used_percent":41.0,"window_minutes":10080,"resets_at":1795685400},"credits":{"has_credits":false,"unlimited":false,"balance":null},"individual_limit":null,"plan_type":"plus","rate_limit_reached_type":null}';

function usageJson(u: UsageTotals): string {
  return `{"input_tokens":${u.input},"cached_input_tokens":${u.cached},"output_tokens":${u.output},"reasoning_output_tokens":${u.reasoning},"total_tokens":${u.input + u.output}}`;
}

function tokenCountLine(ms: number, total: UsageTotals, last: UsageTotals): string {
  return `{"timestamp":"${iso(ms)}","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":${usageJson(total)},"last_token_usage":${usageJson(last)},"model_context_window":258400},"rate_limits":${RATE_LIMITS}}}`;
}

function turnContextLine(ms: number, turnId: string, model: string): string {
  return `{"timestamp":"${iso(ms)}","type":"turn_context","payload":{"turn_id":"${turnId}","cwd":"/home/dev/src/project","current_date":"${iso(ms).slice(0, 10)}","timezone":"Europe/Berlin","approval_policy":"on-request","sandbox_policy":{"type":"workspace-write","network_access":false,"exclude_tmpdir_env_var":false,"exclude_slash_tmp":false},"model":"${model}","collaboration_mode":{"mode":"default","settings":{"model":"${model}","reasoning_effort":"medium","developer_instructions":null}},"effort":"medium","summary":"auto","permission_profile":{"name":"default","rules":[]},"file_system_sandbox_policy":{"writable_roots":["/home/dev/src/project"],"readable_roots":["/"]}}}`;
}

function sessionMetaLine(ms: number, id: string, forkedFrom: string | null, random: () => number): string {
  const fork = forkedFrom === null ? '' : `"forked_from_id":"${forkedFrom}",`;
  return `{"timestamp":"${iso(ms)}","type":"session_meta","payload":{"id":"${id}",${fork}"timestamp":"${iso(ms)}","cwd":"/home/dev/src/project","originator":"codex-tui","cli_version":"0.130.0","source":"cli","model_provider":"openai","base_instructions":{"text":"${prose(6000 + Math.floor(random() * 6000), 7)}"},"git":{"commit_hash":"3f1c2d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e","branch":"main","repository_url":"git@github.com:dev/project.git"}}}`;
}

interface SessionPlan {
  id: string;
  path: string;
  startMs: number;
  targetBytes: number;
  model: string;
}

class SessionWriter {
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;
  constructor(private readonly fd: number) {}
  line(text: string): void {
    this.parts.push(text, '\n');
    this.pending += text.length + 1;
    this.bytes += text.length + 1;
    if (this.pending > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.pending = 0;
  }
}

interface TurnState {
  ms: number;
  total: UsageTotals;
  context: number;
  model: string;
  tokenCounts: number;
}

/** Writes turns until the file reaches its target size; returns the usage it added. */
function writeTurns(w: SessionWriter, s: TurnState, target: number, random: () => number, firstGapMs: number): UsageTotals {
  const own: UsageTotals = { input: 0, cached: 0, output: 0, reasoning: 0 };
  let first = true;
  // At least one turn, so every fork has usage of its own after the copy.
  while (first || w.bytes < target) {
    s.ms += first ? firstGapMs : 30_000 + Math.floor(random() * 600_000);
    first = false;
    const turnId = uuid(random);
    if (random() < 0.08) s.model = pick(random);
    w.line(
      `{"timestamp":"${iso(s.ms)}","type":"event_msg","payload":{"type":"task_started","turn_id":"${turnId}","started_at":${Math.floor(s.ms / 1000)},"model_context_window":258400,"collaboration_mode_kind":"default"}}`,
    );
    w.line(turnContextLine(s.ms + 4, turnId, s.model));
    const ask = prose(200 + Math.floor(random() * 2500), Math.floor(random() * 50));
    w.line(
      `{"timestamp":"${iso(s.ms + 10)}","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"${ask}"}]}}`,
    );
    w.line(
      `{"timestamp":"${iso(s.ms + 11)}","type":"event_msg","payload":{"type":"user_message","message":"${ask.slice(0, 400)}","local_images":[],"text_elements":[]}}`,
    );
    const responses = 1 + Math.floor(random() * 6);
    for (let r = 0; r < responses && w.bytes < target; r++) {
      s.ms += 2_000 + Math.floor(random() * 40_000);
      w.line(
        `{"timestamp":"${iso(s.ms)}","type":"response_item","payload":{"type":"reasoning","summary":[{"type":"summary_text","text":"${prose(120, r)}"}],"content":null,"encrypted_content":"${blob(random, 1500 + Math.floor(random() * 7000))}"}}`,
      );
      const callId = `call_${uuid(random).slice(0, 18)}`;
      w.line(
        `{"timestamp":"${iso(s.ms + 3)}","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{\\"command\\":[\\"bash\\",\\"-lc\\",\\"rg -n parser src\\"]}","call_id":"${callId}"}}`,
      );
      // Tool output: usually a few KB, sometimes tens of KB, rarely megabytes (a whole log cat'ed).
      const roll = random();
      const outputLength =
        roll < 0.001 ? 1_000_000 + Math.floor(random() * 3_000_000) : roll < 0.1 ? 15_000 + Math.floor(random() * 25_000) : 500 + Math.floor(random() * 6_000);
      w.line(
        `{"timestamp":"${iso(s.ms + 900)}","type":"response_item","payload":{"type":"function_call_output","call_id":"${callId}","output":"${prose(outputLength, r * 3)}"}}`,
      );
      s.context = Math.min(s.context + 2_000 + Math.floor(random() * 9_000), random() < 0.03 ? 300_000 : 250_000);
      const input = s.context;
      const cached = Math.floor(input * (0.75 + random() * 0.2));
      const output = 80 + Math.floor(random() * 2_500);
      const reasoning = Math.floor(output * (0.2 + random() * 0.5));
      const last = { input, cached, output, reasoning };
      s.total = { input: s.total.input + input, cached: s.total.cached + cached, output: s.total.output + output, reasoning: s.total.reasoning + reasoning };
      for (const k of ['input', 'cached', 'output', 'reasoning'] as const) own[k] += last[k];
      w.line(tokenCountLine(s.ms + 905, s.total, last));
      s.tokenCounts++;
      // Rate-limit updates re-emit the same totals; a rate-limit-only event has no info at all.
      if (random() < 0.25) {
        w.line(tokenCountLine(s.ms + 1_400, s.total, last));
        s.tokenCounts++;
      }
      if (random() < 0.1)
        w.line(`{"timestamp":"${iso(s.ms + 1_500)}","type":"event_msg","payload":{"type":"token_count","info":null,"rate_limits":${RATE_LIMITS}}}`);
    }
    s.ms += 1_000;
    w.line(
      `{"timestamp":"${iso(s.ms)}","type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"${prose(300 + Math.floor(random() * 1500), 3)}"}],"phase":"final_answer"}}`,
    );
    w.line(
      `{"timestamp":"${iso(s.ms + 2)}","type":"event_msg","payload":{"type":"task_complete","turn_id":"${turnId}","last_agent_message":"done","completed_at":${Math.floor(s.ms / 1000)},"duration_ms":7296}}`,
    );
  }
  return own;
}

function pick(random: () => number): string {
  let x = random();
  for (const [model, share] of MODELS) {
    x -= share;
    if (x <= 0) return model;
  }
  return MODELS[0]?.[0] ?? 'gpt-5.5';
}

function sessionPath(home: string, startMs: number, id: string): string {
  const d = new Date(startMs);
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  const stamp = d.toISOString().slice(0, 19).replace(/:/g, '-');
  return join(home, 'sessions', day, `rollout-${stamp}-${id}.jsonl`);
}

/** Re-stamps a copied line to the fork instant, as Codex does when it persists a forked history. */
function restamp(line: string, ms: number): string {
  return line.replace(/^\{"timestamp":"[^"]*"/, `{"timestamp":"${iso(ms)}"`);
}

/** The last cumulative total in a block of lines (the seed a fork inherits). */
function lastTotal(lines: string[]): UsageTotals {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (!line.includes('"token_count"') || line.includes('"info":null')) continue;
    const m = /"total_token_usage":\{"input_tokens":(\d+),"cached_input_tokens":(\d+),"output_tokens":(\d+),"reasoning_output_tokens":(\d+)/.exec(line);
    if (m !== null) return { input: Number(m[1]), cached: Number(m[2]), output: Number(m[3]), reasoning: Number(m[4]) };
  }
  return { input: 0, cached: 0, output: 0, reasoning: 0 };
}

export function generateSyntheticHome(home: string, params: SyntheticHomeParams, log: (line: string) => void = () => {}): SyntheticHomeManifest {
  rmSync(home, { recursive: true, force: true });
  const random = rng(params.seed);
  const endMs = Date.parse(`${params.endDate}T00:00:00Z`);
  const startSpan = params.spanDays * 86_400_000;

  // Long-tailed sizes (log-normal), scaled so they add up to the target.
  const raw = Array.from({ length: params.files }, () => {
    const u1 = Math.max(random(), 1e-9);
    const u2 = random();
    return Math.exp(1.3 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
  });
  const scale = params.totalBytes / raw.reduce((a, b) => a + b, 0);
  const sizes = raw.map((r) => Math.max(16_384, Math.min(48 << 20, Math.floor(r * scale))));

  const expected: UsageTotals = { input: 0, cached: 0, output: 0, reasoning: 0 };
  const add = (u: UsageTotals) => {
    for (const k of ['input', 'cached', 'output', 'reasoning'] as const) expected[k] += u[k];
  };
  const written: SessionPlan[] = [];
  const ownUsage = new Map<string, UsageTotals>();
  const forks = { total: 0, parentArchived: 0, parentMissing: 0 };
  const parentIds = new Set<string>();
  let bytes = 0;
  let tokenCountLines = 0;
  let minMs = Number.POSITIVE_INFINITY;
  let maxMs = 0;

  let planned = sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; i < params.files; i++) {
    const id = uuid(random);
    // Forks copy their parent's history, so later files are scaled to keep the home near its target size.
    const planShare = sizes[i] ?? 65_536;
    const target = Math.max(16_384, Math.floor(planShare * Math.max(0.2, (params.totalBytes - bytes) / Math.max(1, planned))));
    planned -= planShare;
    const parent = written.length > 4 && random() < params.forkShare ? written[Math.floor(random() * written.length)] : undefined;
    const startMs =
      parent === undefined
        ? endMs - startSpan + Math.floor(random() * (startSpan - 86_400_000))
        : parent.startMs + 3_600_000 + Math.floor(random() * 7_200_000);
    const path = sessionPath(home, startMs, id);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w');
    const w = new SessionWriter(fd);
    const state: TurnState = { ms: startMs, total: { input: 0, cached: 0, output: 0, reasoning: 0 }, context: 8_000, model: pick(random), tokenCounts: 0 };
    w.line(sessionMetaLine(startMs, id, parent?.id ?? null, random));
    if (parent !== undefined) {
      // The copied history: the parent's lines up to a turn boundary, re-stamped a millisecond apart.
      w.flush();
      const parentLines = readFileSync(parent.path, 'utf8')
        .split('\n')
        .filter((l) => l !== '');
      const boundaries = parentLines.flatMap((l, index) => (l.includes('"task_complete"') ? [index + 1] : []));
      const cut = boundaries.length === 0 ? parentLines.length : (boundaries[Math.floor(random() * boundaries.length)] ?? parentLines.length);
      const copied = parentLines.slice(0, cut);
      let stamp = startMs;
      for (const line of copied) {
        if (line.includes('"type":"token_count"')) state.tokenCounts++;
        w.line(restamp(line, stamp));
        if (random() < 0.5) stamp++;
      }
      state.total = lastTotal(copied);
      state.ms = stamp;
      state.context = Math.max(8_000, Math.min(200_000, state.total.input > 0 ? Math.floor(state.total.input / Math.max(1, state.tokenCounts)) : 8_000));
      forks.total++;
      parentIds.add(parent.id);
    }
    const own = writeTurns(w, state, target, random, 3_000 + Math.floor(random() * 30_000));
    w.flush();
    closeSync(fd);
    bytes += w.bytes;
    tokenCountLines += state.tokenCounts;
    minMs = Math.min(minMs, startMs);
    maxMs = Math.max(maxMs, state.ms);
    ownUsage.set(id, own);
    add(own);
    written.push({ id, path, startMs, targetBytes: target, model: state.model });
    if (i % 200 === 199) log(`  ${i + 1}/${params.files} files, ${(bytes / 1e6).toFixed(0)} MB`);
  }

  // Some parents are archived (moved, as Codex does), some are gone: the forks must still count once.
  mkdirSync(join(home, 'archived_sessions'), { recursive: true });
  let k = 0;
  for (const plan of written) {
    if (!parentIds.has(plan.id)) continue;
    k++;
    if (k % 5 === 0) {
      renameSync(plan.path, join(home, 'archived_sessions', plan.path.split('/').pop() ?? `${plan.id}.jsonl`));
      forks.parentArchived++;
    } else if (k % 7 === 0) {
      const own = ownUsage.get(plan.id);
      if (own !== undefined) for (const key of ['input', 'cached', 'output', 'reasoning'] as const) expected[key] -= own[key];
      const size = readFileSync(plan.path).length;
      rmSync(plan.path);
      bytes -= size;
      forks.parentMissing++;
    }
  }

  const manifest: SyntheticHomeManifest = {
    generatorVersion: GENERATOR_VERSION,
    params,
    bytes,
    files: params.files - forks.parentMissing,
    tokenCountLines,
    forks,
    since: iso(minMs).slice(0, 10),
    until: iso(maxMs).slice(0, 10),
    expected,
  };
  writeFileSync(join(home, 'synthetic-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Where the home for these parameters lives: outside the checkout (a clean clone stays clean, and every
 * worktree shares one copy), named by a hash of the parameters and the generator's version, so a changed
 * generator or size never reuses an old home. `COST_BENCH_DATA` moves the folder.
 */
export function syntheticHomePath(params: SyntheticHomeParams, base = process.env.COST_BENCH_DATA ?? join(tmpdir(), 'quotabar-cost-bench')): string {
  const key = createHash('sha256')
    .update(JSON.stringify({ generatorVersion: GENERATOR_VERSION, params }))
    .digest('hex')
    .slice(0, 12);
  return join(base, `codex-home-${Math.round(params.totalBytes / 2 ** 20)}mb-${params.files}f-${key}`);
}

/** The manifest of a home generated earlier with the same parameters, or null. */
export function readSyntheticManifest(home: string, params: SyntheticHomeParams): SyntheticHomeManifest | null {
  try {
    const manifest = JSON.parse(readFileSync(join(home, 'synthetic-manifest.json'), 'utf8')) as SyntheticHomeManifest;
    if (manifest.generatorVersion !== GENERATOR_VERSION) return null;
    if (JSON.stringify(manifest.params) !== JSON.stringify(params)) return null;
    return manifest;
  } catch {
    return null;
  }
}

/** One more turn at the end of a session: what a live Codex appends between two refreshes. */
export function appendTurn(path: string, atMs: number, model: string): UsageTotals {
  const text = readFileSync(path, 'utf8');
  const total = lastTotal(text.split('\n'));
  const last = { input: 120_000, cached: 100_000, output: 900, reasoning: 300 };
  const next = {
    input: total.input + last.input,
    cached: total.cached + last.cached,
    output: total.output + last.output,
    reasoning: total.reasoning + last.reasoning,
  };
  const lines = [
    turnContextLine(atMs, 'appended-turn', model),
    `{"timestamp":"${iso(atMs + 5)}","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"one more thing"}]}}`,
    tokenCountLine(atMs + 4_000, next, last),
  ];
  const fd = openSync(path, 'a');
  writeSync(fd, `${lines.join('\n')}\n`);
  closeSync(fd);
  return last;
}
