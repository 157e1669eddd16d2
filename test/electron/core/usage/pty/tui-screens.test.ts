import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findQuestion, looksLikeLogin, looksReadyForInput, looksStillStarting } from '../../../../../electron/core/usage/pty/tui-screens.js';

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

// Codex 0.171 in a folder that is a git repository; the older wording asked the same question.
const TRUST_0171 = `WARNING: proceeding, even though we could not create PATH aliases
  >_ OpenAI Codex (v0.171.0)

  Folder access
  Trust this folder?

› 1. Trust and continue
  2. Quit

  Press enter to continue`;
const TRUST_OLD = '> You are in /home/me\n\n  Do you trust the contents of this directory?\n› 1. Yes, continue\n  2. No, quit';

// Codex 0.171's composer and footer, and a /status card in the history above it.
const COMPOSER = `
  >_ OpenAI Codex (v0.171.0)
     ~/work
  To get started, describe a task or try one of these commands:
  /init - create an AGENTS.md file with instructions for Codex
  /status - show current session configuration

› Ask Codex to do anything

  GPT-6.2-Sol default · ~/work
  ← for agents · ? for shortcuts`;

test('the sign-in picker is a login screen; the composer and an API-key status row are not', () => {
  assert.equal(looksLikeLogin(SIGN_IN), true);
  assert.equal(looksLikeLogin(COMPOSER), false);
  assert.equal(looksLikeLogin('  Account:   API key configured (run codex login to use ChatGPT)'), false);
});

test('any numbered choice list with a highlighted option is a question, whatever its wording', () => {
  assert.deepEqual(findQuestion(TRUST_0171), { title: 'Trust this folder?', choices: ['Trust and continue', 'Quit'] });
  assert.equal(findQuestion(TRUST_OLD)?.title, 'Do you trust the contents of this directory?');
  assert.equal(findQuestion(UPDATE_PROMPT)?.choices.length, 3);
  assert.equal(findQuestion(SIGN_IN)?.choices[0], 'Sign in with ChatGPT', 'descriptions between the choices keep the list together');
  const unknown = '  Pick a model for this session\n\n  1. gpt-9\n› 2. gpt-9-mini\n  3. gpt-9-nano';
  assert.equal(findQuestion(unknown)?.title, 'Pick a model for this session');
});

test('the composer, a numbered text without a pointer, and a list not starting at 1 are no question', () => {
  assert.equal(findQuestion(COMPOSER), null);
  assert.equal(findQuestion('Steps:\n  1. build\n  2. test'), null, 'nothing is highlighted: text, not a choice');
  assert.equal(findQuestion('› 2. second\n  3. third'), null);
  assert.equal(findQuestion('› 1. only one'), null);
});

test('the composer is ready for input; a highlighted "› 1. Trust and continue" is never taken for it', () => {
  assert.equal(looksReadyForInput(COMPOSER), true);
  assert.equal(looksReadyForInput('  loading…'), false);
  assert.equal(looksReadyForInput(TRUST_0171), false);
  assert.equal(looksReadyForInput(UPDATE_PROMPT), false);
  assert.equal(looksReadyForInput('› 1. Trust and continue\n  2. Quit\n  ? for shortcuts'), false);
});

test('"Waiting for startup" means Codex took the command and runs it once started', () => {
  assert.equal(looksStillStarting('› /status\n  Waiting for startup  · esc cancel'), true);
  assert.equal(looksStillStarting(COMPOSER), false);
});
