import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  downPressesToSkip,
  looksLikeLogin,
  looksLikeTrustPrompt,
  looksLikeUpdatePrompt,
  looksReadyForInput,
} from '../../../../../electron/core/usage/pty/tui-screens.js';

// The sign-in picker as Codex 0.15x draws it (tui/src/onboarding/auth.rs).
const SIGN_IN = `
  Welcome to Codex, OpenAI's command-line coding agent

  Sign in with ChatGPT to use Codex as part of your paid plan
  or connect an API key for usage-based billing

> 1. Sign in with ChatGPT
     Usage included with Plus, Pro, Business, and Enterprise plans

  2. Sign in with Device Code
     Sign in from another device with a one-time code

  3. Provide your own API key
     Pay for what you use

  Press enter to continue`;

// tui/src/update_prompt.rs, with the default selection on "Update now".
const UPDATE_PROMPT = `
  ✨ Update available! 0.200.0 -> 0.201.0

  Release notes: https://github.com/openai/codex/releases/latest

› 1. Update now (runs \`npm install -g @openai/codex\`)
  2. Skip
  3. Skip until next version

  Press enter to continue`;

const COMPOSER = `
› Ask Codex to do anything

  ? for shortcuts                                              100% context left`;

test('the sign-in picker is a login screen; the composer and an API-key status row are not', () => {
  assert.equal(looksLikeLogin(SIGN_IN), true);
  assert.equal(looksLikeLogin(COMPOSER), false);
  assert.equal(looksLikeLogin('│  Account:   API key configured (run codex login to use ChatGPT) │'), false);
});

test('the start-up update prompt is recognised; the passive update notice in the history is not', () => {
  assert.equal(looksLikeUpdatePrompt(UPDATE_PROMPT), true);
  const notice = '✨ Update available! 0.200.0 -> 0.201.0\nRun npm install -g @openai/codex to update.\n\nSee full release notes:';
  assert.equal(looksLikeUpdatePrompt(notice), false);
});

test('Down is pressed as often as it takes to reach "Skip" from the highlighted option', () => {
  assert.equal(downPressesToSkip(UPDATE_PROMPT), 1);
  assert.equal(downPressesToSkip(UPDATE_PROMPT.replace('› 1.', '  1.').replace('  2. Skip', '› 2. Skip')), 0);
  assert.equal(downPressesToSkip('Update available! Skip'), 1, 'without readable options, Codex\'s default layout is assumed');
});

test('the composer is ready for input; a picker pointer alone is not mistaken for it by the driver', () => {
  assert.equal(looksReadyForInput(COMPOSER), true);
  assert.equal(looksReadyForInput('  loading…'), false);
  // The update prompt's pointer matches the prompt glyph, which is why the driver checks it first.
  assert.equal(looksReadyForInput(UPDATE_PROMPT) && looksLikeUpdatePrompt(UPDATE_PROMPT), true);
});

test('the directory-trust question is recognised', () => {
  assert.equal(looksLikeTrustPrompt('> You are in /home/me\n\n  Do you trust the contents of this directory?\n› 1. Yes, continue\n  2. No, quit'), true);
  assert.equal(looksLikeTrustPrompt(COMPOSER), false);
});
