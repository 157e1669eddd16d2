import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { SOURCE_IDS, type SourceId } from '../../../shared/usage-model.js';
import { readCodexAuth, type CodexAuth } from '../../core/auth/codex-auth.js';
import { claimsOf } from '../../core/auth/jwt-claims.js';
import { codexInvocation, resolveCodexBinary } from '../../core/codex/codex-binary.js';
import { resolveQuotabarHome } from '../../core/paths/quotabar-home.js';
import { createLogger } from '../../core/util/logger.js';
import { SourceError } from '../../core/util/source-error.js';
import { usageUrl } from '../../core/usage/backend-url.js';
import { SOURCES } from '../../core/usage/source-registry.js';
import { buildContext } from '../../core/usage/usage-service.js';
import type { FetchContext } from '../../core/usage/usage-source.js';
import { formatCountdown } from '../../../shared/format.js';
import { parseCommandArgs, parseSeconds } from '../arg-parsing.js';
import { EXIT, type CommandModule } from '../cli-io.js';

const HELP = `quotabar doctor [--codex-home DIR] [--codex-bin PATH] [--timeout SECONDS] [--cookie-header STRING] [--json]

Checks each usage source and what it depends on (Codex home, auth.json, the codex binary,
session logs, QuotaBar's own folder) and says what to do about anything that does not work.
Exits 0 when at least one usage source works.
`;

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do, when not ok. */
  fix: string | null;
}

function describeAuth(auth: CodexAuth, ctx: FetchContext): Check {
  const path = join(ctx.codexHome, 'auth.json');
  switch (auth.kind) {
    case 'missing':
      return {
        name: 'auth.json',
        ok: false,
        detail: `${path} does not exist`,
        fix: 'Run `codex login` (the app-server and pty sources may still work if Codex keeps its login in the OS keyring).',
      };
    case 'unreadable':
      return { name: 'auth.json', ok: false, detail: `${path}: ${auth.reason}`, fix: auth.fix ?? 'Run `codex login` to sign in again.' };
    case 'apiKey':
      return {
        name: 'auth.json',
        ok: false,
        detail: 'signed in with an API key',
        fix: 'Plan limits need a ChatGPT login: run `codex login` and choose "Sign in with ChatGPT".',
      };
    case 'chatgpt': {
      const exp = claimsOf(auth.accessToken).exp;
      const expiry = exp === null ? 'no expiry claim' : `access token expires ${formatCountdown(new Date(exp * 1000), ctx.now()) ?? 'soon'}`;
      return {
        name: 'auth.json',
        ok: !auth.stale,
        detail: `ChatGPT login${auth.email ? ` as ${auth.email}` : ''}${auth.plan ? ` (${auth.plan})` : ''}; ${expiry}`,
        fix: auth.stale ? 'The token is stale: QuotaBar leaves refreshing to Codex. Run any `codex` command, or `codex login`.' : null,
      };
    }
  }
}

function codexVersion(binary: string, ctx: FetchContext): Promise<string | null> {
  const inv = codexInvocation(binary, ['--version'], ctx.env);
  return new Promise((resolve) => {
    execFile(
      inv.command,
      inv.args,
      { timeout: 5000, windowsVerbatimArguments: inv.windowsVerbatimArguments, env: { PATH: ctx.env.PATH ?? '', HOME: ctx.env.HOME ?? '' } },
      (error, stdout) => {
        resolve(error ? null : (stdout.trim().split('\n')[0] ?? null));
      },
    );
  });
}

function countSessionFiles(codexHome: string): number {
  let count = 0;
  const walk = (dir: string, depth: number): void => {
    if (depth > 4 || !existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      try {
        if (statSync(full).isDirectory()) walk(full, depth + 1);
        else if (/\.jsonl(\.zst)?$/.test(name)) count++;
      } catch {
        // unreadable entries are skipped
      }
    }
  };
  walk(join(codexHome, 'sessions'), 0);
  walk(join(codexHome, 'archived_sessions'), 3);
  return count;
}

async function checkSource(id: SourceId, ctx: FetchContext): Promise<Check> {
  const source = SOURCES[id];
  const started = performance.now();
  try {
    const availability = await source.isAvailable(ctx);
    if (!availability.ok) throw availability.error;
    const snapshot = await source.fetch(ctx);
    const parts = [
      snapshot.session ? `session ${100 - snapshot.session.usedPercent}% left` : null,
      snapshot.weekly ? `weekly ${100 - snapshot.weekly.usedPercent}% left` : null,
    ].filter(Boolean);
    return {
      name: `source ${id}`,
      ok: true,
      detail: `works (${Math.round(performance.now() - started)} ms)${parts.length ? `: ${parts.join(', ')}` : ''}`,
      fix: null,
    };
  } catch (error) {
    const e = error instanceof SourceError ? error : new SourceError('bad_response', String(error));
    return { name: `source ${id}`, ok: false, detail: e.code, fix: e.message };
  }
}

export const doctorCommand: CommandModule = {
  name: 'doctor',
  help: HELP,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      json: { type: 'boolean' },
      'codex-home': { type: 'string' },
      'codex-bin': { type: 'string' },
      timeout: { type: 'string' },
      'cookie-header': { type: 'string' },
    });
    const timeoutSeconds = parseSeconds('--timeout', values.timeout) ?? 10;
    const ctx = buildContext({
      source: 'auto',
      env: io.env,
      logger: createLogger({ write: (line) => io.stderr.write(line) }, 'error', 'doctor'),
      timeoutSeconds,
      ...(values['codex-home'] !== undefined ? { codexHome: values['codex-home'] } : {}),
      ...(values['codex-bin'] !== undefined ? { codexBin: values['codex-bin'] } : {}),
      ...(values['cookie-header'] !== undefined ? { cookieHeader: values['cookie-header'] } : {}),
    });
    const checks: Check[] = [];
    checks.push({
      name: 'Codex home',
      ok: existsSync(ctx.codexHome),
      detail: ctx.codexHome,
      fix: existsSync(ctx.codexHome) ? null : 'Install Codex and run it once, or point QuotaBar at your Codex home with --codex-home / $CODEX_HOME.',
    });
    checks.push(describeAuth(await readCodexAuth(ctx.codexHome, ctx.now()), ctx));
    checks.push({ name: 'usage URL', ok: true, detail: usageUrl(ctx.baseUrl), fix: null });
    try {
      const binary = resolveCodexBinary({ override: ctx.codexBinOverride, env: ctx.env });
      const version = await codexVersion(binary, ctx);
      checks.push({
        name: 'codex binary',
        ok: version !== null,
        detail: `${binary}${version ? ` (${version})` : ''}`,
        fix: version ? null : 'The binary did not answer `codex --version`: reinstall it with `npm i -g @openai/codex`.',
      });
    } catch (error) {
      checks.push({ name: 'codex binary', ok: false, detail: 'not found', fix: error instanceof Error ? error.message : String(error) });
    }
    const sessions = countSessionFiles(ctx.codexHome);
    checks.push({
      name: 'session logs',
      ok: sessions > 0,
      detail: `${sessions} session files for \`quotabar cost\``,
      fix: sessions > 0 ? null : 'No Codex sessions yet: cost appears once you use Codex.',
    });
    const home = resolveQuotabarHome(io.env);
    checks.push({ name: 'QuotaBar home', ok: true, detail: home, fix: null });
    const sourceIds = SOURCE_IDS.filter((id) => id !== 'web' || ctx.cookieHeader !== undefined);
    for (const id of sourceIds) checks.push(await checkSource(id, ctx));

    const anySource = checks.some((c) => c.name.startsWith('source ') && c.ok);
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ schemaVersion: 1, ok: anySource, checks }, null, 2)}\n`);
    } else {
      for (const check of checks) {
        io.stdout.write(`${check.ok ? '✓' : '✗'} ${check.name.padEnd(14)} ${check.detail}\n`);
        if (check.fix) io.stdout.write(`  ${' '.repeat(14)} → ${check.fix}\n`);
      }
      io.stdout.write(anySource ? '\nAt least one usage source works.\n' : '\nNo usage source works yet: follow the → hints above.\n');
    }
    return anySource ? EXIT.ok : EXIT.failure;
  },
};
