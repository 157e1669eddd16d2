import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitReachedMessage, reachedType } from '../../../../electron/core/usage/limit-reached.js';

test('each reached-limit type Codex knows becomes advice a person can act on', () => {
  assert.equal(limitReachedMessage('workspace_member_credits_depleted'), 'Your workspace is out of credits. Ask your workspace owner to add more to continue.');
  assert.equal(limitReachedMessage('workspace_owner_credits_depleted'), 'Your workspace is out of credits. Add credits to continue.');
  assert.match(limitReachedMessage('workspace_owner_usage_limit_reached') ?? '', /spend cap set in your workspace.*Increase/);
  assert.match(limitReachedMessage('workspace_member_usage_limit_reached') ?? '', /Ask an owner/);
  assert.match(limitReachedMessage('rate_limit_reached') ?? '', /usage limit.*next reset/);
});

test('nothing reached gives no message; an unknown type is still shown, readably', () => {
  assert.equal(limitReachedMessage(null), null);
  assert.equal(limitReachedMessage(' '), null);
  assert.equal(limitReachedMessage('org_daily_budget_exhausted'), 'ChatGPT reports a usage limit was reached (org daily budget exhausted).');
});

test('the type is read from the app-server string and from the backend object', () => {
  assert.equal(reachedType('rate_limit_reached'), 'rate_limit_reached');
  assert.equal(reachedType({ type: 'workspace_owner_credits_depleted' }), 'workspace_owner_credits_depleted');
  assert.equal(reachedType({ kind: 'x' }), null);
  assert.equal(reachedType(null), null);
  assert.equal(reachedType(['rate_limit_reached']), null);
});
