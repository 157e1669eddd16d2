import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppController } from '../../../../electron/core/app/app-controller.js';
import { memorySecretStore } from '../../../../electron/core/secrets/secret-store.js';
import { openSettingsStore } from '../../../../electron/core/settings/settings-store.js';
import type { UsageRequest } from '../../../../electron/core/usage/usage-request.js';
import { silentLogger } from '../../../../electron/core/util/logger.js';
import { resetCreditOutcomeMessage, type ResetCreditOutcome, type ResetCreditUseRequest } from '../../../../shared/reset-credits.js';
import { defaultSettings } from '../../../../shared/settings-model.js';
import { costReport, plusReport } from '../../../renderer/popover-fixtures.js';

const homes: string[] = [];
after(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

function harness(outcome: ResetCreditOutcome) {
  const home = mkdtempSync(join(tmpdir(), 'quotabar-controller-reset-'));
  homes.push(home);
  const work = join(home, 'work-codex');
  writeFileSync(
    join(home, 'settings.json'),
    JSON.stringify({ ...defaultSettings(), accounts: [{ id: 'work', label: 'Work', codexHome: work }], activeAccountId: 'work' }),
  );
  const spends: Array<{ request: UsageRequest; use: ResetCreditUseRequest }> = [];
  const refreshes: UsageRequest[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const controller = createAppController({
    quotabarHome: home,
    env: {},
    host: 'web',
    version: '0.1.0',
    secretStore: memorySecretStore(),
    settingsStore: openSettingsStore(home),
    logger: silentLogger,
    fetchUsage: async (request) => {
      refreshes.push(request);
      return plusReport();
    },
    computeCost: async () => costReport(),
    useResetCredit: async (request, use) => {
      spends.push({ request, use });
      await gate;
      return { ok: true, outcome, message: resetCreditOutcomeMessage(outcome), idempotencyKey: use.idempotencyKey };
    },
  });
  return { controller, spends, refreshes, release, work };
}

test('the same request while it runs joins it; it spends for the shown account and refreshes after a reset', async () => {
  const h = harness('reset');
  try {
    const key = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const first = h.controller.useResetCredit({ idempotencyKey: key });
    const again = h.controller.useResetCredit({ idempotencyKey: key });
    h.release();
    const [a, b] = await Promise.all([first, again]);
    assert.deepEqual(a, b);
    assert.equal(h.spends.length, 1);
    assert.equal(h.spends[0]?.request.codexHome, h.work);
    // The refresh starts before the answer is handed back.
    assert.equal(h.controller.getState().refreshing, true, 'the new limits are fetched');
  } finally {
    h.controller.dispose();
  }
});

test('nothing to reset: nothing is refreshed', async () => {
  const h = harness('nothing_to_reset');
  try {
    h.release();
    const result = await h.controller.useResetCredit({ idempotencyKey: '7c9e6679-7425-40de-944b-e07fc1f90ae7' });
    assert.equal(result.ok && result.outcome, 'nothing_to_reset');
    assert.equal(h.controller.getState().refreshing, false);
    assert.equal(h.refreshes.length, 0);
  } finally {
    h.controller.dispose();
  }
});
