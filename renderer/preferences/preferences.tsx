import { useState } from 'react';
import { checkCookieHeader } from '../../shared/cookie-header.js';
import type { AppState, SaveSettingsResult, SettingsPatch } from '../../shared/quotabar-api.js';
import { FIXED_REFRESH_CHOICES, type Settings } from '../../shared/settings-model.js';
import { useAppStore } from '../state/store-context.js';
import { AccountsEditor } from './accounts-editor.js';
import { CheckedText, Row, Section, Segmented, Toggle } from './controls.js';
import { formatThresholdLevels, parseBinaryPath, parseThresholdLevels } from './validation.js';
import { useEscapeToClose } from '../state/use-escape-to-close.js';

type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

export function Preferences() {
  const state = useAppStore((s) => s.state);
  const apiError = useAppStore((s) => s.apiError);
  const saveSettings = useAppStore((s) => s.saveSettings);
  const closeWindow = useAppStore((s) => s.closeWindow);
  const access = useAppStore((s) => s.access);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  useEscapeToClose(state?.host, closeWindow);

  if (state === null) {
    return (
      <main className="prefs" aria-busy="true">
        <h1 className="prefs-title">Preferences</h1>
        {apiError !== null ? (
          <p className="pref-error" role="alert">
            {apiError}
          </p>
        ) : (
          <p className="pref-help">Loading…</p>
        )}
      </main>
    );
  }
  const settings = state.settings;
  const readOnly = !access.canWrite;
  const fixed = (key: string) => access.fixedSettings.includes(key);
  const fixedHelp = 'Names a program on this computer, so this page never changes it: use the QuotaBar app or settings.json.';

  const save = async (patch: SettingsPatch, paths: string[]) => {
    setStatus({ kind: 'saving' });
    let result: SaveSettingsResult;
    try {
      result = await saveSettings(patch);
    } catch (error) {
      setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    setFieldErrors((prev) => {
      const next = { ...prev };
      for (const key of Object.keys(next)) if (paths.some((p) => key === p || key.startsWith(`${p}.`) || key.startsWith(`${p}[`))) delete next[key];
      if (!result.ok) for (const e of result.errors) next[e.path] = e.message;
      return next;
    });
    setStatus(result.ok ? { kind: 'saved' } : { kind: 'error', message: result.errors.map((e) => e.message).join(' ') });
  };
  // The store names the exact field ("accounts[1].codexHome"); a control shows any error at or under its path.
  const fieldError = (path: string) =>
    Object.entries(fieldErrors).find(([p]) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`))?.[1] ?? null;

  return (
    <main className="prefs" aria-labelledby="prefs-title">
      <div className="prefs-head">
        <h1 id="prefs-title" className="prefs-title">
          Preferences
        </h1>
        <span className={`save-status save-${status.kind}`} role="status" aria-live="polite" data-testid="save-status">
          {status.kind === 'saving' ? 'Saving…' : status.kind === 'saved' ? 'Saved' : status.kind === 'error' ? 'Not saved' : ''}
        </span>
        <button type="button" className="button button-primary" onClick={() => void closeWindow()} data-testid="close-preferences">
          Done
        </button>
      </div>
      {status.kind === 'error' && (
        <p className="pref-error prefs-banner" role="alert">
          {status.message}
        </p>
      )}
      {readOnly && (
        <p className="prefs-banner prefs-readonly" role="note" data-testid="prefs-read-only">
          Read-only: this page was opened without the secret link. To change preferences, open the <code>http://127.0.0.1:PORT/?token=…</code> link that{' '}
          <code>quotabar serve</code> printed when it started.
        </p>
      )}

      <fieldset className="prefs-fieldset" disabled={readOnly} data-testid="prefs-controls">
        <Section title="Usage" testId="pref-usage">
          <Row label="Usage source" htmlFor="pref-source" help={SOURCE_HELP[settings.usageSource]} error={fieldError('usageSource')}>
            <select
              id="pref-source"
              className="select"
              value={settings.usageSource}
              data-testid="pref-source"
              onChange={(e) => void save({ usageSource: e.target.value as Settings['usageSource'] }, ['usageSource'])}
            >
              <option value="auto">Automatic (OAuth, then Codex CLI)</option>
              <option value="oauth">OAuth API</option>
              <option value="cli">Codex CLI</option>
              <option value="web">ChatGPT web session</option>
            </select>
          </Row>
          <Row label="Refresh" help={settings.refresh.mode === 'adaptive' ? 'Every 2 minutes while you look, up to 30 minutes when idle.' : undefined}>
            <div className="inline">
              <Segmented
                name="refresh-mode"
                label="Refresh cadence"
                value={settings.refresh.mode}
                options={[
                  { value: 'adaptive', label: 'Adaptive' },
                  { value: 'fixed', label: 'Fixed' },
                ]}
                onChange={(mode) => void save({ refresh: { mode } }, ['refresh.mode'])}
              />
              {settings.refresh.mode === 'fixed' && (
                <select
                  className="select select-small"
                  aria-label="Refresh every"
                  value={settings.refresh.fixedMinutes}
                  data-testid="pref-fixed-minutes"
                  onChange={(e) => void save({ refresh: { fixedMinutes: Number(e.target.value) } }, ['refresh.fixedMinutes'])}
                >
                  {FIXED_REFRESH_CHOICES.map((m) => (
                    <option key={m} value={m}>
                      every {m === 60 ? 'hour' : `${m} min`}
                    </option>
                  ))}
                </select>
              )}
            </div>
          </Row>
          <CheckedText
            id="pref-codex-bin"
            label="Codex binary"
            initial={settings.codexBinaryPath ?? ''}
            placeholder="Find automatically"
            parse={parseBinaryPath}
            serverError={fieldError('codexBinaryPath')}
            disabled={fixed('codexBinaryPath')}
            help={fixed('codexBinaryPath') ? fixedHelp : 'Leave empty to use $CODEX_CLI_PATH or codex on your PATH.'}
            onValid={(codexBinaryPath) => void save({ codexBinaryPath }, ['codexBinaryPath'])}
            testId="pref-codex-bin"
          />
          {state.host === 'electron' && (
            <Row label="Startup">
              <Toggle
                id="pref-login"
                label="Launch at login"
                checked={settings.launchAtLogin}
                onChange={(v) => void save({ launchAtLogin: v }, ['launchAtLogin'])}
              />
            </Row>
          )}
        </Section>

        <CookiesSection settings={settings} headerStored={state.manualCookieHeaderSet} memoryOnly={memoryOnlyNote(state)} save={save} fieldError={fieldError} />

        <Section title="Display" testId="pref-display">
          <Row label="Bars show">
            <Segmented
              name="bars-show"
              label="Bars show"
              value={settings.display.barsShow}
              options={[
                { value: 'remaining', label: 'Remaining' },
                { value: 'used', label: 'Used' },
              ]}
              onChange={(barsShow) => void save({ display: { barsShow } }, ['display.barsShow'])}
            />
          </Row>
          <Row label="Reset times">
            <Segmented
              name="reset-style"
              label="Reset times"
              value={settings.display.resetStyle}
              options={[
                { value: 'countdown', label: 'Countdown' },
                { value: 'clock', label: 'Clock time' },
              ]}
              onChange={(resetStyle) => void save({ display: { resetStyle } }, ['display.resetStyle'])}
            />
          </Row>
          <Row label="Theme">
            <Segmented
              name="theme"
              label="Theme"
              value={settings.display.theme}
              options={[
                { value: 'system', label: 'System' },
                { value: 'light', label: 'Light' },
                { value: 'dark', label: 'Dark' },
              ]}
              onChange={(theme) => void save({ display: { theme } }, ['display.theme'])}
            />
          </Row>
          <Row label="Privacy">
            <Toggle
              id="pref-hide-email"
              label="Hide account email"
              checked={settings.display.hideEmail}
              testId="pref-hide-email"
              onChange={(hideEmail) => void save({ display: { hideEmail } }, ['display.hideEmail'])}
            />
          </Row>
        </Section>

        <Section title="Notifications" testId="pref-notifications">
          <Row label="Session">
            <Toggle
              id="pref-depleted"
              label="When the session runs out and when it is back"
              checked={settings.notifications.sessionDepletedRestored}
              onChange={(v) => void save({ notifications: { sessionDepletedRestored: v } }, ['notifications.sessionDepletedRestored'])}
            />
          </Row>
          {(['session', 'weekly'] as const).map((windowName) => {
            const t = settings.notifications[windowName];
            const title = windowName === 'session' ? 'Session' : 'Weekly';
            return (
              <div key={windowName} className="threshold">
                <Row label={`${title} warnings`}>
                  <Toggle
                    id={`pref-${windowName}-warn`}
                    label={`Warn when the ${windowName} limit gets low`}
                    checked={t.enabled}
                    onChange={(enabled) => void save({ notifications: { [windowName]: { enabled } } }, [`notifications.${windowName}.enabled`])}
                  />
                </Row>
                <CheckedText
                  id={`pref-${windowName}-levels`}
                  label="At % left"
                  initial={formatThresholdLevels(t.levels)}
                  parse={parseThresholdLevels}
                  disabled={!t.enabled}
                  short
                  serverError={fieldError(`notifications.${windowName}.levels`)}
                  help="Whole percents, e.g. 50, 20."
                  onValid={(levels) => void save({ notifications: { [windowName]: { levels } } }, [`notifications.${windowName}.levels`])}
                  testId={`pref-${windowName}-levels`}
                />
              </div>
            );
          })}
          <Row label="Reset credits">
            <Toggle
              id="pref-credit-expiring"
              label="A day before one expires unused"
              checked={settings.notifications.resetCreditExpiring}
              onChange={(v) => void save({ notifications: { resetCreditExpiring: v } }, ['notifications.resetCreditExpiring'])}
              testId="pref-credit-expiring"
            />
          </Row>
        </Section>

        <Section title="Accounts" testId="pref-accounts">
          <AccountsEditor settings={settings} save={save} fieldError={fieldError} foldersFixed={fixed('accounts')} />
          <Row
            label="Also read"
            help={
              fixed('importAccounts')
                ? 'Names files of other tools on this computer, so this page never changes it: use the QuotaBar app or settings.json.'
                : 'Other tools’ ChatGPT sign-ins, read-only: QuotaBar never changes their files or refreshes their tokens.'
            }
            error={fieldError('importAccounts')}
          >
            <div className="inline" data-testid="pref-imports">
              <Toggle
                id="pref-import-ccs"
                label="CCS’s Codex accounts"
                checked={settings.importAccounts.ccs}
                disabled={fixed('importAccounts')}
                onChange={(v) => void save({ importAccounts: { ccs: v } }, ['importAccounts'])}
                testId="pref-import-ccs"
              />
              <Toggle
                id="pref-import-codex-proxy"
                label="codex-proxy’s accounts"
                checked={settings.importAccounts.codexProxy}
                disabled={fixed('importAccounts')}
                onChange={(v) => void save({ importAccounts: { codexProxy: v } }, ['importAccounts'])}
                testId="pref-import-codex-proxy"
              />
            </div>
          </Row>
          <Row
            label="Tray icon shows"
            help="With more than one account: the shown account, or the one with the least weekly quota left."
            error={fieldError('trayAccount')}
          >
            <Segmented
              name="tray-account"
              label="Tray icon shows"
              value={settings.trayAccount}
              options={[
                { value: 'shown', label: 'Shown account' },
                { value: 'lowest', label: 'Lowest weekly' },
              ]}
              onChange={(v) => void save({ trayAccount: v }, ['trayAccount'])}
            />
          </Row>
        </Section>
      </fieldset>
      <p className="prefs-foot">QuotaBar {state.version}</p>
    </main>
  );
}

const SOURCE_HELP: Record<Settings['usageSource'], string> = {
  auto: 'Asks the ChatGPT API with your Codex sign-in, and the Codex CLI when that cannot run.',
  oauth: 'The ChatGPT API with the sign-in in auth.json (read, never changed).',
  cli: 'Starts `codex app-server` and asks it, else reads `/status` in the Codex TUI; slower, but refreshes its own sign-in.',
  web: 'Your chatgpt.com browser session: needs OpenAI cookies below.',
};

/** Why a pasted header will not outlive this run, or null when it is kept encrypted on disk. */
function memoryOnlyNote(state: AppState): string | null {
  if (state.manualCookieHeaderPersistent) return null;
  return state.host === 'web'
    ? 'The header is kept in memory only while `quotabar serve` runs: paste it again after a restart.'
    : 'No system keyring was found (install GNOME Keyring or KWallet), so the header is kept in memory only: paste it again after QuotaBar restarts.';
}

function CookiesSection({
  settings,
  headerStored,
  memoryOnly,
  save,
  fieldError,
}: {
  settings: Settings;
  headerStored: boolean;
  memoryOnly: string | null;
  save: (patch: SettingsPatch, paths: string[]) => Promise<void>;
  fieldError: (path: string) => string | null;
}) {
  const setManualCookieHeader = useAppStore((s) => s.setManualCookieHeader);
  const [draft, setDraft] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const check = draft.trim() === '' ? null : checkCookieHeader(draft);
  const storeHeader = async (header: string | null) => {
    try {
      const r = await setManualCookieHeader(header);
      if (r.ok) {
        setDraft('');
        setResult({ ok: true, message: header === null ? 'Header forgotten.' : 'Header stored.' });
      } else {
        setResult({ ok: false, message: r.errors.map((e) => e.message).join(' ') });
      }
    } catch (error) {
      setResult({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <Section title="OpenAI cookies" testId="pref-cookies">
      <Row
        label="Cookies"
        error={fieldError('openaiCookies')}
        help={
          settings.openaiCookies === 'off'
            ? 'Off: no browser data is read. Code-review limits and credit history need cookies.'
            : settings.openaiCookies === 'automatic'
              ? 'Reads chatgpt.com cookies from your browsers’ profiles on this computer; they stay in memory.'
              : 'Paste the Cookie header of a signed-in chatgpt.com request (from your browser’s developer tools).'
        }
      >
        <Segmented
          name="cookies"
          label="OpenAI cookies"
          value={settings.openaiCookies}
          options={[
            { value: 'off', label: 'Off' },
            { value: 'automatic', label: 'Automatic' },
            { value: 'manual', label: 'Manual' },
          ]}
          onChange={(openaiCookies) => void save({ openaiCookies }, ['openaiCookies'])}
        />
      </Row>
      {settings.openaiCookies === 'manual' && (
        <Row label="Cookie header" htmlFor="pref-cookie-header" error={check !== null && !check.ok ? check.error : null} messageId="pref-cookie-header-msg">
          <textarea
            id="pref-cookie-header"
            className={check !== null && !check.ok ? 'text-input textarea invalid' : 'text-input textarea'}
            value={draft}
            rows={3}
            spellCheck={false}
            autoComplete="off"
            placeholder={headerStored ? 'A header is stored. Paste a new one to replace it.' : '__Secure-next-auth.session-token=…; …'}
            aria-describedby="pref-cookie-header-msg pref-cookie-header-state"
            data-testid="pref-cookie-header"
            onChange={(e) => {
              setDraft(e.target.value);
              setResult(null);
            }}
          />
          <div className="inline cookie-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={check === null || !check.ok}
              onClick={() => void storeHeader(draft)}
              data-testid="pref-cookie-save"
            >
              Store header
            </button>
            {headerStored && (
              <button type="button" className="button" onClick={() => void storeHeader(null)} data-testid="pref-cookie-forget">
                Forget
              </button>
            )}
            <span
              id="pref-cookie-header-state"
              className={result !== null && !result.ok ? 'pref-error' : 'pref-help'}
              role="status"
              data-testid="pref-cookie-state"
            >
              {result?.message ?? (headerStored ? 'A header is stored (never shown again).' : 'No header stored.')}
            </span>
          </div>
          {check?.ok && check.warning !== null && <p className="pref-warning">{check.warning}</p>}
          {memoryOnly !== null && (
            <p className="pref-warning" data-testid="pref-cookie-memory-only">
              {memoryOnly}
            </p>
          )}
        </Row>
      )}
    </Section>
  );
}
