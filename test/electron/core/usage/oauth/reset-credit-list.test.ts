import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fetchUsage } from '../../../../../electron/core/usage/usage-service.js';
import { isUsageFailure, type UsageReport } from '../../../../../shared/usage-model.js';
import { startBackendDouble, type ResetCreditsOptions } from '../../../../doubles/chatgpt-backend-double.js';
import { tempDir, writeChatgptAuth } from '../../../../helpers/codex-home-fixture.js';

// The oauth source reads the reset-credit list only when wham/usage counts some, with the same
// credentials; a list that cannot be read never costs the usage or the count.

const DAY = 86_400;

async function oauthReport(resetCredits: ResetCreditsOptions): Promise<{ report: UsageReport; listRequests: number }> {
  const dir = tempDir('quotabar-reset-list-');
  const codexHome = join(dir.path, '.codex');
  const auth = writeChatgptAuth(codexHome, { exp: 4_102_444_800 });
  const backend = await startBackendDouble({ scenario: 'plus', accessToken: auth.accessToken, accountId: auth.accountId, resetCredits });
  try {
    const result = await fetchUsage({ source: 'oauth', env: { QUOTABAR_CHATGPT_BASE_URL: backend.baseUrl, HOME: dir.path }, codexHome, timeoutSeconds: 10 });
    assert.ok(!isUsageFailure(result), JSON.stringify(result));
    const list = backend.requests.filter((r) => r.path.endsWith('/rate-limit-reset-credits'));
    assert.ok(
      list.every((r) => r.authorized && r.accountIdMatched),
      'the same token and account id as wham/usage',
    );
    return { report: result, listRequests: list.length };
  } finally {
    await backend.close();
    dir.cleanup();
  }
}

const nowSec = () => Math.floor(Date.now() / 1000);
const available = () => [{ id: 'rc-1', status: 'available' as const, grantedAt: nowSec() - DAY, expiresAt: nowSec() + 2 * DAY }];

test('a count above 0 reads the list once and reports each credit', async () => {
  const { report, listRequests } = await oauthReport({ credits: available() });
  assert.equal(listRequests, 1);
  assert.deepEqual(
    report.resetCredits?.credits.map((c) => [c.id, c.status]),
    [['rc-1', 'available']],
  );
});

test('a count of 0 never asks for the list', async () => {
  const { report, listRequests } = await oauthReport({ credits: [{ id: 'rc-0', status: 'redeemed', grantedAt: nowSec() - DAY, expiresAt: null }] });
  assert.equal(listRequests, 0);
  assert.deepEqual(report.resetCredits, { available: 0, credits: [] });
});

test('a list that answers 404, 500 or nonsense keeps the usage and the count', async () => {
  for (const list of [404, 500, 'garbage'] as const) {
    const { report, listRequests } = await oauthReport({ credits: available(), list });
    assert.equal(listRequests, 1, String(list));
    assert.equal(report.session?.usedPercent, 23, String(list));
    assert.deepEqual(report.resetCredits, { available: 1, credits: [] }, String(list));
  }
});
