// `codex app-server` stand-in: newline-delimited JSON-RPC without "jsonrpc", as Codex speaks it.
// Scenario: $CODEX_DOUBLE_RPC. Strict about what it receives, so a client that drifts from the
// protocol fails its tests: a "jsonrpc" field, requests before `initialize`, params on
// `account/rateLimits/read`, a missing `params` on `account/read`, or API keys in the environment.
// $CODEX_DOUBLE_TRANSCRIPT, when set, receives one JSON line per message in and out.

import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Message = { [key: string]: Json };

const scenario = process.env.CODEX_DOUBLE_RPC ?? 'normal';
const transcript = process.env.CODEX_DOUBLE_TRANSCRIPT;
const nowSec = () => Math.floor(Date.now() / 1000);

function record(entry: Record<string, unknown>): void {
  if (transcript) appendFileSync(transcript, `${JSON.stringify(entry)}\n`);
}

record({ start: { argv: process.argv.slice(2), envKeys: Object.keys(process.env).sort(), pid: process.pid } });

function send(message: Message): void {
  record({ out: message });
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function reply(id: Json, result: Json): void {
  send({ id, result });
}

function fail(id: Json, code: number, message: string): void {
  send({ error: { code, message }, id });
}

function window(used: number, mins: number, resetIn: number): Json {
  return { usedPercent: used, windowDurationMins: mins, resetsAt: nowSec() + resetIn };
}

function snapshot(overrides: Message = {}): Message {
  return {
    limitId: 'codex',
    limitName: null,
    primary: window(23, 300, 7500),
    secondary: window(41, 10080, 300000),
    credits: { hasCredits: false, unlimited: false, balance: null },
    individualLimit: null,
    planType: 'plus',
    rateLimitReachedType: null,
    ...overrides,
  };
}

function rateLimitsResult(): Json {
  if (scenario === 'pro') {
    const main = snapshot({
      primary: window(4, 300, 8657),
      secondary: window(19, 10080, 187681),
      credits: { hasCredits: true, unlimited: false, balance: '7.5' },
      individualLimit: { limit: '25000', used: '8000', remainingPercent: 68, resetsAt: nowSec() + 43200 },
      planType: 'pro',
    });
    const spark = snapshot({
      limitId: 'gpt_5_3_codex_spark',
      limitName: 'GPT-5.3-Codex-Spark',
      primary: window(3, 300, 9000),
      secondary: window(9, 10080, 200000),
      credits: null,
      planType: 'pro',
    });
    return { rateLimits: main, rateLimitsByLimitId: { codex: main, gpt_5_3_codex_spark: spark } };
  }
  if (scenario === 'credits-depleted') {
    // The shape Codex 0.171 answers with (captured, see test/electron/core/usage/rpc/fixtures/): fields
    // around each snapshot and the whole answer that older clients never saw.
    const extra = { normalModelSlug: null, spendControlReached: false };
    const main = snapshot({
      ...extra,
      primary: window(100, 300, 8657),
      secondary: window(19, 10080, 187681),
      credits: { hasCredits: true, unlimited: false, balance: '7.5' },
      individualLimit: { limit: '25000', used: '8000', remainingPercent: 68, resetsAt: nowSec() + 43200 },
      planType: 'pro',
      rateLimitReachedType: 'workspace_member_credits_depleted',
    });
    const spark = snapshot({
      ...extra,
      spendControlReached: null,
      limitId: 'codex_bengalfox',
      limitName: 'GPT-5.3-Codex-Spark',
      primary: window(3, 300, 9000),
      secondary: window(9, 10080, 200000),
      credits: null,
      planType: 'pro',
    });
    const resetCredits = {
      availableCount: 1,
      credits: [
        {
          id: 'rc-1',
          resetType: 'codexRateLimits',
          status: 'available',
          grantedAt: nowSec() - 86400,
          expiresAt: nowSec() + 7 * 86400,
          title: 'Reset',
          description: 'One reset',
        },
      ],
    };
    return {
      ordinaryUsageAllowed: false,
      rateLimits: main,
      rateLimitsByLimitId: { codex: main, codex_bengalfox: spark },
      rateLimitResetCredits: resetCredits,
      accountId: 'acc-rpc',
      rateLimitUpsell: null,
    };
  }
  const main = snapshot();
  return { rateLimits: main, rateLimitsByLimitId: { codex: main } };
}

const PROLITE_BODY = {
  plan_type: 'prolite',
  rate_limit: {
    allowed: true,
    limit_reached: false,
    primary_window: { used_percent: 35, limit_window_seconds: 18000, reset_after_seconds: 4000, reset_at: 0 },
    secondary_window: { used_percent: 12, limit_window_seconds: 604800, reset_after_seconds: 90000, reset_at: 0 },
  },
  credits: { has_credits: false, unlimited: false, overage_limit_reached: false, balance: '0E-10' },
};

function decodeErrorMessage(): string {
  const body = structuredClone(PROLITE_BODY);
  body.rate_limit.primary_window.reset_at = nowSec() + 4000;
  body.rate_limit.secondary_window.reset_at = nowSec() + 90000;
  return (
    'failed to fetch codex rate limits: Decode error for https://chatgpt.com/backend-api/wham/usage: ' +
    'unknown variant `prolite`, expected one of `guest`, `free`, `go`, `plus`, `pro` at line 1 column 22; ' +
    `content-type=application/json; body=${JSON.stringify(body)}`
  );
}

/** What the real app-server does: read auth.json, call the backend, map the body to a snapshot. */
async function proxyRateLimits(id: Json): Promise<void> {
  const args = process.argv.slice(2);
  const override = args.map((a, i) => (args[i - 1] === '-c' ? a : '')).find((a) => a.startsWith('chatgpt_base_url='));
  const base = override ? (JSON.parse(override.slice('chatgpt_base_url='.length)) as string) : 'https://chatgpt.com/backend-api';
  const home = process.env.CODEX_HOME ?? '';
  let tokens: { access_token?: string; account_id?: string } = {};
  try {
    tokens = (JSON.parse(readFileSync(join(home, 'auth.json'), 'utf8')) as { tokens?: typeof tokens }).tokens ?? {};
  } catch {
    fail(id, -32600, 'codex account authentication required to read rate limits');
    return;
  }
  const url = base.includes('/backend-api') ? `${base}/wham/usage` : `${base}/api/codex/usage`;
  const headers: Record<string, string> = { authorization: `Bearer ${tokens.access_token ?? ''}` };
  if (tokens.account_id) headers['chatgpt-account-id'] = tokens.account_id;
  const response = await fetch(url, { headers });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    fail(
      id,
      -32603,
      `failed to fetch codex rate limits: GET ${url} failed: ${response.status} ${response.statusText}; content-type=${contentType}; body=${text}`,
    );
    return;
  }
  const body = JSON.parse(text) as { [k: string]: Json };
  const toWindow = (w: Json): Json => {
    if (w === null || typeof w !== 'object' || Array.isArray(w)) return null;
    const secs = Number(w.limit_window_seconds);
    return { usedPercent: Number(w.used_percent), windowDurationMins: secs > 0 ? Math.ceil(secs / 60) : null, resetsAt: Number(w.reset_at) };
  };
  const rl = (body.rate_limit ?? {}) as { [k: string]: Json };
  const credits = body.credits as { [k: string]: Json } | null | undefined;
  const main = snapshot({
    primary: toWindow(rl.primary_window ?? null),
    secondary: toWindow(rl.secondary_window ?? null),
    credits: credits
      ? { hasCredits: Boolean(credits.has_credits), unlimited: Boolean(credits.unlimited), balance: credits.balance == null ? null : String(credits.balance) }
      : null,
    planType: typeof body.plan_type === 'string' ? body.plan_type : null,
  });
  reply(id, { rateLimits: main, rateLimitsByLimitId: { codex: main } });
}

let initialized = false;
let crashed = false;

if (scenario === 'ignore-sigterm' || scenario === 'hang-with-child') {
  process.on('SIGTERM', () => record({ signal: 'SIGTERM' }));
}
if (scenario === 'hang-with-child') {
  // A grandchild that outlives nothing: the client must kill the whole group.
  spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}
if (scenario === 'huge-line') {
  process.stdout.write('x'.repeat(6 * 1024 * 1024));
}

const notifications: Message[] = [
  { method: 'configWarning', params: { summary: 'unknown key', details: null } },
  { method: 'remoteControl/status/changed', params: { status: 'disabled' } },
  { method: 'account/rateLimits/updated', params: { rateLimits: snapshot({ primary: window(99, 300, 10), planType: null }) } },
  { method: 'account/updated', params: { authMode: 'chatgpt', planType: 'plus' } },
];

async function handle(message: Message): Promise<void> {
  const { id, method } = message;
  if ('jsonrpc' in message) {
    if (id !== undefined) fail(id, -32600, 'double: unexpected "jsonrpc" field (Codex omits it)');
    return;
  }
  if (typeof method !== 'string') return;
  if (id === undefined) {
    if (method === 'initialized') record({ note: 'initialized' });
    return;
  }
  if (scenario === 'hang' || scenario === 'ignore-sigterm' || scenario === 'hang-with-child') return;
  if (scenario === 'notifications-first' || scenario === 'garbage') {
    for (const n of notifications) send(n);
    if (scenario === 'garbage') {
      process.stdout.write('not json at all\n{"half": \n[1,2,3]\n\n"just a string"\n{"id":999,"result":{}}\n');
      // A server-to-client request also carries an id and a method: it must not settle anything.
      send({ id: 1, method: 'item/tool/requestUserInput', params: {} });
    }
  }
  if (method === 'initialize') {
    const clientInfo = (message.params as { clientInfo?: { name?: unknown; version?: unknown } } | undefined)?.clientInfo;
    if (typeof clientInfo?.name !== 'string' || typeof clientInfo.version !== 'string') {
      fail(id, -32600, 'Invalid request: missing field `clientInfo`');
      return;
    }
    initialized = true;
    reply(id, {
      userAgent: `${clientInfo.name}/0.200.0 (Linux; x86_64) unknown (${clientInfo.name}; ${clientInfo.version})`,
      codexHome: process.env.CODEX_HOME ?? '',
      platformFamily: 'unix',
      platformOs: 'linux',
    });
    if (scenario === 'crash') {
      crashed = true;
      process.stderr.write("thread 'main' panicked at app-server/src/lib.rs:42:5:\nsimulated crash\n");
      process.exit(101);
    }
    return;
  }
  if (!initialized) {
    fail(id, -32600, 'Not initialized');
    return;
  }
  if (process.env.OPENAI_API_KEY !== undefined || process.env.CODEX_API_KEY !== undefined) {
    fail(id, -32600, 'double: API key variables reached the app-server environment');
    return;
  }
  switch (method) {
    case 'account/rateLimits/read':
      if ('params' in message) {
        fail(id, -32602, 'double: account/rateLimits/read takes no params');
        return;
      }
      if (scenario === 'hang-rate-limits') return;
      if (scenario === 'not-logged-in') return fail(id, -32600, 'codex account authentication required to read rate limits');
      if (scenario === 'api-key') return fail(id, -32600, 'chatgpt authentication required to read rate limits');
      if (scenario === 'unsupported')
        return fail(id, -32600, 'Invalid request: unknown variant `account/rateLimits/read`, expected one of `initialize`, `thread/start`');
      if (scenario === 'body-decode-error') return fail(id, -32603, decodeErrorMessage());
      if (scenario === 'proxy') return proxyRateLimits(id);
      return reply(id, rateLimitsResult());
    case 'account/read':
      if (!('params' in message)) return fail(id, -32600, 'Invalid request: missing field `params`');
      if (scenario === 'not-logged-in') return reply(id, { account: null, requiresOpenaiAuth: true });
      if (scenario === 'api-key') return reply(id, { account: { type: 'apiKey' }, requiresOpenaiAuth: true });
      return reply(id, { account: { type: 'chatgpt', email: 'rpc@example.com', planType: scenario === 'pro' ? 'pro' : 'plus' }, requiresOpenaiAuth: true });
    default:
      return fail(id, -32600, `Invalid request: unknown variant \`${method}\``);
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (crashed) return;
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    record({ garbageIn: line.length });
    return;
  }
  record({ in: message });
  if (typeof message === 'object' && message !== null && !Array.isArray(message)) void handle(message as Message);
});
// EOF on stdin closes the connection, as in Codex — except in the hang scenarios, which keep running.
lines.on('close', () => {
  if (!['hang', 'ignore-sigterm', 'hang-with-child'].includes(scenario)) process.exit(0);
});
if (['hang', 'ignore-sigterm', 'hang-with-child', 'hang-rate-limits'].includes(scenario)) setInterval(() => {}, 1000);
