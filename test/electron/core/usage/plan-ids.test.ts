import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePlan, planFromDisplayName } from '../../../../electron/core/usage/plan-ids.js';

test('the Pro tiers the Codex 0.171 TUI shows map to the plan ids the app-server reports', () => {
  assert.equal(planFromDisplayName('Pro 200'), 'pro');
  assert.equal(planFromDisplayName('Pro 100'), 'prolite');
  assert.equal(planFromDisplayName('Pro 500'), 'promax');
});

test('every other TUI label, old and new, maps to a plan id, never to a slug of the label', () => {
  const cases: Array<[string, string]> = [
    ['Free', 'free'],
    ['Go', 'go'],
    ['Plus', 'plus'],
    ['Pro', 'pro'],
    ['Pro Lite', 'prolite'],
    ['Team', 'team'],
    ['Business', 'team'],
    ['Business Premium', 'self_serve_business_prolite'],
    ['Enterprise', 'enterprise'],
    ['Enterprise (Automation)', 'enterprise_cbp_automation'],
    ['Edu', 'edu'],
    ['Education', 'edu'],
    ['Edu Plus', 'edu_plus'],
    ['Edu Pro', 'edu_pro'],
    ['Self Serve Business Usage Based', 'self_serve_business_usage_based'],
  ];
  for (const [display, plan] of cases) assert.equal(planFromDisplayName(display), plan, display);
});

test('labels are matched without regard to case or spacing', () => {
  assert.equal(planFromDisplayName('  pro   200 '), 'pro');
  assert.equal(planFromDisplayName('PRO LITE'), 'prolite');
});

test('labels that name no plan give null, so another source fills the plan', () => {
  for (const display of ['', 'Unknown', 'ChatGPT', 'Account', 'Pro 300', 'Galaxy Brain']) assert.equal(planFromDisplayName(display), null, display);
});

test('backend plan names fold into the Codex enum', () => {
  assert.equal(normalizePlan('education'), 'edu');
  assert.equal(normalizePlan('hc'), 'enterprise');
  assert.equal(normalizePlan(' ProLite '), 'prolite');
  assert.equal(normalizePlan('  '), null);
  assert.equal(normalizePlan(null), null);
});
