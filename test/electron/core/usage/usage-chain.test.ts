import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorCode, SourceId, UsageSnapshot } from '../../../../shared/usage-model.js';
import { runChain } from '../../../../electron/core/usage/usage-chain.js';
import { buildContext, sourcesFor } from '../../../../electron/core/usage/usage-service.js';
import type { FetchContext, UsageSource } from '../../../../electron/core/usage/usage-source.js';
import { oauthSource } from '../../../../electron/core/usage/oauth/oauth-source.js';
import { rpcSource } from '../../../../electron/core/usage/rpc/rpc-source.js';
import { ptySource } from '../../../../electron/core/usage/pty/pty-source.js';
import { SourceError } from '../../../../electron/core/util/source-error.js';

const ctx = buildContext({ source: 'auto', env: {}, codexHome: '/nonexistent' });
const snapshot: UsageSnapshot = {
  account: { email: null, plan: null, accountId: null },
  session: null,
  weekly: null,
  extraWindows: [],
  codeReview: null,
  credits: null,
  monthlyLimit: null,
};

/** A strategy that answers as told, with the real fallback rule of the source it stands for. */
function scripted(
  id: SourceId,
  outcome: ErrorCode | 'ok' | 'unavailable:not_logged_in',
  rule: UsageSource['shouldFallback'],
): UsageSource & { fetched: number } {
  const source = {
    id,
    fetched: 0,
    async isAvailable() {
      return outcome.startsWith('unavailable:')
        ? { ok: false as const, error: new SourceError(outcome.split(':')[1] as ErrorCode, 'unavailable') }
        : { ok: true as const };
    },
    async fetch() {
      source.fetched++;
      if (outcome === 'ok') return snapshot;
      throw new SourceError(outcome as ErrorCode, `${id} failed`);
    },
    shouldFallback: rule,
  };
  return source;
}

test('the first success wins and later sources are not tried', async () => {
  const rpc = scripted('rpc', 'ok', rpcSource.shouldFallback);
  const outcome = await runChain([scripted('oauth', 'ok', oauthSource.shouldFallback), rpc], ctx);
  assert.equal(outcome.ok && outcome.source, 'oauth');
  assert.equal(rpc.fetched, 0);
  assert.equal(outcome.attempts.length, 1);
});

test('auth and availability failures move on; the attempt records the error', async () => {
  for (const code of ['not_logged_in', 'unauthorized', 'token_stale'] as const) {
    const outcome = await runChain([scripted('oauth', code, oauthSource.shouldFallback), scripted('rpc', 'ok', rpcSource.shouldFallback)], ctx);
    assert.equal(outcome.ok && outcome.source, 'rpc', code);
    assert.deepEqual(
      outcome.attempts.map((a) => [a.source, a.ok, a.error?.code ?? null]),
      [
        ['oauth', false, code],
        ['rpc', true, null],
      ],
    );
  }
  const unavailable = await runChain(
    [scripted('oauth', 'unavailable:not_logged_in', oauthSource.shouldFallback), scripted('rpc', 'ok', rpcSource.shouldFallback)],
    ctx,
  );
  assert.equal(unavailable.ok && unavailable.source, 'rpc');
});

test('network, server, rate-limit and decode failures stop the chain', async () => {
  for (const code of ['network', 'server_error', 'rate_limited', 'bad_response', 'timeout'] as const) {
    const rpc = scripted('rpc', 'ok', rpcSource.shouldFallback);
    const outcome = await runChain([scripted('oauth', code, oauthSource.shouldFallback), rpc], ctx);
    assert.equal(outcome.ok, false, code);
    assert.equal(!outcome.ok && outcome.error.code, code);
    assert.equal(rpc.fetched, 0, `${code} must not spawn the app-server`);
  }
});

test('rpc hands over to pty when unsupported, timed out or missing the binary', async () => {
  for (const code of ['not_supported', 'timeout', 'codex_not_found'] as const) {
    const outcome = await runChain([scripted('rpc', code, rpcSource.shouldFallback), scripted('pty', 'ok', () => false)], ctx);
    assert.equal(outcome.ok && outcome.source, 'pty', code);
  }
  const stop = await runChain([scripted('rpc', 'bad_response', rpcSource.shouldFallback), scripted('pty', 'ok', () => false)], ctx);
  assert.equal(stop.ok, false);
});

test('when every source fails the last error is reported with all attempts', async () => {
  const outcome = await runChain(
    [
      scripted('oauth', 'not_logged_in', oauthSource.shouldFallback),
      scripted('rpc', 'codex_not_found', rpcSource.shouldFallback),
      scripted('pty', 'codex_not_found', () => false),
    ],
    ctx,
  );
  assert.equal(!outcome.ok && outcome.error.code, 'codex_not_found');
  assert.deepEqual(
    outcome.attempts.map((a) => a.source),
    ['oauth', 'rpc', 'pty'],
  );
});

test('an unexpected exception in a source ends as a bad_response, not a crash', async () => {
  const broken: UsageSource = {
    id: 'oauth',
    isAvailable: async () => ({ ok: true }),
    fetch: async () => {
      throw new TypeError('boom');
    },
    shouldFallback: () => true,
  };
  const outcome = await runChain([broken], ctx);
  assert.equal(!outcome.ok && outcome.error.code, 'bad_response');
  assert.match(!outcome.ok ? outcome.error.message : '', /boom/);
});

/** A source whose fetch never settles, as a read of a stuck file would: it only notes being cancelled. */
function stuck(id: SourceId, rule: UsageSource['shouldFallback']): UsageSource & { cancelled: boolean } {
  const source = {
    id,
    cancelled: false,
    async isAvailable() {
      return { ok: true as const };
    },
    fetch(fetchCtx: FetchContext) {
      fetchCtx.signal?.addEventListener('abort', () => (source.cancelled = true));
      return new Promise<UsageSnapshot>(() => {});
    },
    shouldFallback: rule,
  };
  return source;
}

test('a source that never answers is cancelled at its limit and recorded as a timeout; the chain goes on by the usual rule', { timeout: 30_000 }, async () => {
  const short = buildContext({ source: 'auto', env: {}, codexHome: '/nonexistent', timeoutSeconds: 0.2 });
  const oauth = stuck('oauth', oauthSource.shouldFallback);
  const rpc = scripted('rpc', 'ok', rpcSource.shouldFallback);
  const outcome = await runChain([oauth, rpc], short);
  assert.equal(outcome.ok, false);
  assert.equal(!outcome.ok && outcome.error.code, 'timeout');
  assert.match(!outcome.ok ? outcome.error.message : '', /oauth source did not finish within 1\.2 s.*raise --timeout/);
  assert.deepEqual(
    outcome.attempts.map((a) => [a.source, a.ok, a.error?.code ?? null]),
    [['oauth', false, 'timeout']],
  );
  assert.equal(oauth.cancelled, true, 'its signal aborted, so it can stop its children');
  assert.equal(rpc.fetched, 0, 'oauth does not fall back after a timeout');

  const stuckRpc = stuck('rpc', rpcSource.shouldFallback);
  const handedOver = await runChain([stuckRpc, scripted('pty', 'ok', ptySource.shouldFallback)], short);
  assert.equal(handedOver.ok && handedOver.source, 'pty');
  assert.deepEqual(
    handedOver.attempts.map((a) => [a.source, a.error?.code ?? null]),
    [
      ['rpc', 'timeout'],
      ['pty', null],
    ],
  );
});

test('each source choice runs the chain interface §2 names: cli is rpc then pty, an id runs alone', () => {
  const ids = (choice: Parameters<typeof sourcesFor>[0]) => sourcesFor(choice).map((s) => s.id);
  assert.deepEqual(ids('auto'), ['oauth', 'rpc', 'pty']);
  assert.deepEqual(ids('cli'), ['rpc', 'pty']);
  for (const id of ['oauth', 'rpc', 'pty', 'web'] as const) assert.deepEqual(ids(id), [id]);
});
