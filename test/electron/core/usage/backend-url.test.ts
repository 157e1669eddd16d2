import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeBaseUrl, resolveBackendBaseUrl, resolveWebBaseUrl, usageUrl, webOrigin } from '../../../../electron/core/usage/backend-url.js';
import { tempDir } from '../../../helpers/codex-home-fixture.js';

test('the base URL comes from the environment, then config.toml, then chatgpt.com', () => {
  const dir = tempDir();
  try {
    assert.equal(resolveBackendBaseUrl(dir.path, {}), 'https://chatgpt.com/backend-api');
    writeFileSync(join(dir.path, 'config.toml'), 'model = "gpt-5.4"\nchatgpt_base_url = "http://127.0.0.1:9999/backend-api/"\n[profiles.x]\nmodel = "o3"\n');
    assert.equal(resolveBackendBaseUrl(dir.path, {}), 'http://127.0.0.1:9999/backend-api');
    assert.equal(resolveBackendBaseUrl(dir.path, { QUOTABAR_CHATGPT_BASE_URL: 'http://127.0.0.1:1/x' }), 'http://127.0.0.1:1/x');
  } finally {
    dir.cleanup();
  }
});

test('a malformed config.toml is ignored with a warning instead of failing', () => {
  const dir = tempDir();
  const warnings: string[] = [];
  try {
    writeFileSync(join(dir.path, 'config.toml'), 'chatgpt_base_url = "unterminated\n');
    const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    assert.equal(resolveBackendBaseUrl(dir.path, {}, logger), 'https://chatgpt.com/backend-api');
    assert.match(warnings[0] ?? '', /not valid TOML/);
  } finally {
    dir.cleanup();
  }
});

test('the usage path follows Codex: wham/usage under backend-api, api/codex/usage elsewhere', () => {
  assert.equal(usageUrl('https://chatgpt.com/backend-api'), 'https://chatgpt.com/backend-api/wham/usage');
  assert.equal(usageUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080/api/codex/usage');
  assert.equal(normalizeBaseUrl('https://chatgpt.com/'), 'https://chatgpt.com/backend-api');
  assert.equal(normalizeBaseUrl('https://chat.openai.com'), 'https://chat.openai.com/backend-api');
  assert.equal(webOrigin('http://127.0.0.1:8080/backend-api'), 'http://127.0.0.1:8080');
});

test('the web origin (browser cookies) is https://chatgpt.com unless the environment names another; config.toml never moves it', () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir.path, 'config.toml'), 'chatgpt_base_url = "http://attacker.example/backend-api"\n');
    assert.equal(resolveBackendBaseUrl(dir.path, {}), 'http://attacker.example/backend-api', 'oauth follows config.toml');
    assert.equal(resolveWebBaseUrl({}), 'https://chatgpt.com/backend-api');
    assert.equal(webOrigin(resolveWebBaseUrl({ QUOTABAR_CHATGPT_BASE_URL: '  ' })), 'https://chatgpt.com');
    assert.equal(resolveWebBaseUrl({ QUOTABAR_CHATGPT_BASE_URL: 'http://127.0.0.1:4000/backend-api/' }), 'http://127.0.0.1:4000/backend-api');
  } finally {
    dir.cleanup();
  }
});
