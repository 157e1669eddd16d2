import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatExpiresIn, nextExpiringCredit, resetCreditsSummary } from '../../shared/reset-credits.js';
import type { ResetCredit } from '../../shared/usage-model.js';

const NOW = new Date('2031-01-01T00:00:20.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const H = 3_600_000;
const credit = (id: string, expiresAt: string | null, status = 'available'): ResetCredit => ({ id, status, grantedAt: null, expiresAt, title: null });

test('the next credit to expire is the earliest available one; one without an expiry comes last', () => {
  const credits = [credit('never', null), credit('late', at(240 * H)), credit('used', at(H), 'redeemed'), credit('soon', at(80 * H))];
  assert.equal(nextExpiringCredit({ available: 3, credits })?.id, 'soon');
  assert.equal(nextExpiringCredit({ available: 1, credits: [credit('never', null)] })?.id, 'never');
  assert.equal(nextExpiringCredit({ available: 2, credits: [] }), null);
});

test('expiry reads in whole days from a day on, as a countdown below, and "expired" after', () => {
  assert.equal(formatExpiresIn(at(3 * 24 * H + 5 * H), NOW), 'in 3 days');
  assert.equal(formatExpiresIn(at(24 * H), NOW), 'in 1 day');
  assert.equal(formatExpiresIn(at(5 * H + 3 * 60_000), NOW), 'in 5h 3m');
  assert.equal(formatExpiresIn(at(-1000), NOW), 'expired');
  assert.equal(formatExpiresIn('not a date', NOW), null);
});

test('the summary line: count and when the next one expires', () => {
  assert.equal(resetCreditsSummary({ available: 2, credits: [credit('a', at(3 * 24 * H + H)), credit('b', null)] }, NOW), '2 (next expires in 3 days)');
  assert.equal(resetCreditsSummary({ available: 2, credits: [] }, NOW), '2');
  assert.equal(resetCreditsSummary({ available: 0, credits: [] }, NOW), '0');
  assert.equal(resetCreditsSummary({ available: 1, credits: [credit('a', null)] }, NOW), '1');
});
