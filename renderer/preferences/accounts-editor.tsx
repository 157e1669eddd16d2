import { useState } from 'react';
import type { SettingsPatch } from '../../shared/quotabar-api.js';
import type { Settings } from '../../shared/settings-model.js';
import { newAccountId, parseAccount } from './validation.js';

/** One Codex home is one account: pick which one the popover shows, add or remove homes. */
export function AccountsEditor({
  settings,
  save,
  fieldError,
  foldersFixed = false,
}: {
  settings: Settings;
  save: (patch: SettingsPatch, paths: string[]) => Promise<void>;
  fieldError: (path: string) => string | null;
  /** Codex homes are folders: a `quotabar serve` page may pick an account but not add or remove one. */
  foldersFixed?: boolean;
}) {
  const [label, setLabel] = useState('');
  const [home, setHome] = useState('');
  const [touched, setTouched] = useState(false);
  const check = parseAccount(
    label,
    home,
    settings.accounts.map((a) => a.codexHome),
  );
  const showError = touched && (label !== '' || home !== '') && !check.ok;
  const serverError = fieldError('accounts') ?? fieldError('activeAccountId');

  const add = () => {
    if (!check.ok) {
      setTouched(true);
      return;
    }
    const account = { id: newAccountId(), ...check.value };
    void save({ accounts: [...settings.accounts, account] }, ['accounts']);
    setLabel('');
    setHome('');
    setTouched(false);
  };
  const remove = (id: string) => {
    const accounts = settings.accounts.filter((a) => a.id !== id);
    const patch: SettingsPatch = { accounts };
    if (settings.activeAccountId === id) patch.activeAccountId = null;
    void save(patch, ['accounts', 'activeAccountId']);
  };

  return (
    <div className="accounts" data-testid="accounts">
      <div role="radiogroup" aria-label="Account shown in the popover" className="account-list">
        <label className="account">
          <input
            type="radio"
            name="active-account"
            checked={settings.activeAccountId === null}
            onChange={() => void save({ activeAccountId: null }, ['activeAccountId'])}
          />
          <span className="account-text">
            <span className="account-label">Default</span>
            <span className="account-home">$CODEX_HOME or ~/.codex</span>
          </span>
        </label>
        {settings.accounts.map((a) => (
          <div key={a.id} className="account">
            <label className="account-pick">
              <input
                type="radio"
                name="active-account"
                checked={settings.activeAccountId === a.id}
                onChange={() => void save({ activeAccountId: a.id }, ['activeAccountId'])}
              />
              <span className="account-text">
                <span className="account-label">{a.label}</span>
                <span className="account-home">{a.codexHome}</span>
              </span>
            </label>
            {!foldersFixed && (
              <button type="button" className="button button-quiet" aria-label={`Remove account ${a.label}`} onClick={() => remove(a.id)}>
                Remove
              </button>
            )}
          </div>
        ))}
      </div>
      {foldersFixed ? (
        <p className="pref-help" data-testid="accounts-fixed">
          Accounts are Codex home folders, so this page never adds or removes them: use the QuotaBar app or settings.json.
        </p>
      ) : (
        <form
          className="account-add"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <input
            className="text-input"
            aria-label="New account name"
            placeholder="Name, e.g. Work"
            value={label}
            onChange={(e) => {
              setLabel(e.target.value);
              setTouched(true);
            }}
            data-testid="account-label"
          />
          <input
            className="text-input"
            aria-label="New account Codex home"
            placeholder="Codex home, e.g. /home/you/.codex-work"
            value={home}
            spellCheck={false}
            onChange={(e) => {
              setHome(e.target.value);
              setTouched(true);
            }}
            data-testid="account-home"
          />
          <button type="submit" className="button" disabled={!check.ok} data-testid="account-add">
            Add
          </button>
        </form>
      )}
      {showError && !check.ok ? (
        <p className="pref-error" role="alert">
          {check.error}
        </p>
      ) : serverError !== null ? (
        <p className="pref-error" role="alert">
          {serverError}
        </p>
      ) : (
        <p className="pref-help">Each account is a Codex home folder signed in with `codex login`.</p>
      )}
    </div>
  );
}
