import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONTENT_SECURITY_POLICY,
  POPOVER_WIDTH,
  externalLinkTarget,
  isNavigationAllowed,
  popoverWindowOptions,
  preferencesWindowOptions,
  securityHeaders,
} from '../../../electron/shell/window-options.js';

const input = { preloadPath: '/app/dist/electron/shell/preload.cjs', dark: true, platform: 'linux' as const, devTools: false };

test('the popover is a hidden, frameless, 360 px panel that stays out of the taskbar', () => {
  const options = popoverWindowOptions(input);
  assert.equal(POPOVER_WIDTH, 360);
  assert.equal(options.width, 360);
  assert.equal(options.frame, false);
  assert.equal(options.show, false);
  assert.equal(options.skipTaskbar, true);
  assert.equal(options.resizable, false);
  assert.equal(options.alwaysOnTop, true);
  assert.equal(options.fullscreenable, false);
  assert.equal(options.backgroundColor, '#1f2328');
  assert.equal(options.type, undefined);
  assert.equal(popoverWindowOptions({ ...input, platform: 'darwin' }).type, 'panel');
  assert.equal(popoverWindowOptions({ ...input, dark: false }).backgroundColor, '#ffffff');
});

test('both windows run the page sandboxed and isolated, with no Node and the preload bridge only', () => {
  for (const options of [popoverWindowOptions(input), preferencesWindowOptions(input)]) {
    const web = options.webPreferences!;
    assert.equal(web.preload, input.preloadPath);
    assert.equal(web.contextIsolation, true);
    assert.equal(web.sandbox, true);
    assert.equal(web.nodeIntegration, false);
    assert.equal(web.nodeIntegrationInWorker, false);
    assert.equal(web.nodeIntegrationInSubFrames, false);
    assert.equal(web.webSecurity, true);
    assert.equal(web.allowRunningInsecureContent, false);
    assert.equal(web.webviewTag, false);
    assert.equal(web.experimentalFeatures, false);
    assert.equal(web.navigateOnDragDrop, false);
    assert.equal(web.devTools, false);
  }
  assert.equal(popoverWindowOptions({ ...input, devTools: true }).webPreferences?.devTools, true);
  const prefs = preferencesWindowOptions(input);
  assert.equal(prefs.show, false);
  assert.notEqual(prefs.frame, false, 'preferences is an ordinary window');
});

test('the content security policy allows only our own origin and nothing inline or evaluated', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
  assert.equal(directives.get('default-src'), "'none'");
  assert.equal(directives.get('script-src'), "'self'");
  assert.equal(directives.get('object-src'), "'none'");
  assert.equal(directives.get('base-uri'), "'none'");
  assert.equal(directives.get('frame-ancestors'), "'none'");
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*|http:|https:/);
  const headers = securityHeaders('text/html; charset=utf-8');
  assert.equal(headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['content-type'], 'text/html; charset=utf-8');
});

test('navigation may only change the hash of our own page', () => {
  const current = 'app://quotabar/index.html#/popover';
  assert.equal(isNavigationAllowed('app://quotabar/index.html#/preferences', current), true);
  assert.equal(isNavigationAllowed('app://quotabar/other.html', current), false);
  assert.equal(isNavigationAllowed('app://quotabar/index.html?x=1', current), false);
  assert.equal(isNavigationAllowed('https://chatgpt.com/', current), false);
  assert.equal(isNavigationAllowed('file:///etc/passwd', current), false);
  assert.equal(isNavigationAllowed('javascript:alert(1)', current), false);
});

test('only https links to known hosts open in the browser; everything else is dropped', () => {
  assert.equal(externalLinkTarget('https://chatgpt.com/codex/settings/usage'), 'https://chatgpt.com/codex/settings/usage');
  assert.equal(externalLinkTarget('https://github.com/openai/codex'), 'https://github.com/openai/codex');
  for (const bad of [
    'http://chatgpt.com/',
    'https://chatgpt.com.evil.example/',
    'https://user:pw@chatgpt.com/',
    'https://chatgpt.com:8443/',
    'file:///etc/passwd',
    'smb://host/share',
    'javascript:alert(1)',
    'nonsense',
  ]) {
    assert.equal(externalLinkTarget(bad), null, bad);
  }
});
