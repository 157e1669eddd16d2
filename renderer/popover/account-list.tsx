import { memo, useCallback, useRef, useState } from 'react';
import { useAppStore } from '../state/store-context.js';
import { sameAccountRow, type AccountListModel, type AccountRowModel, type MiniBarModel } from './accounts-view-model.js';

const READ_ONLY_TITLE = 'Read-only page: to switch accounts, open the ?token= link that quotabar serve printed when it started.';

/**
 * Every account but the shown one, as compact rows grouped by origin. A row is a button: it shows
 * that account (settings `activeAccountId`); the list scrolls inside its own box so the shown
 * account stays in view above it.
 */
export function AccountList({ model }: { model: AccountListModel }) {
  const saveSettings = useAppStore((s) => s.saveSettings);
  const canWrite = useAppStore((s) => s.access.canWrite);
  const [switchingId, setSwitchingId] = useState<string | null>(null);
  const [failed, setFailed] = useState<{ id: string; message: string } | null>(null);
  // A ref, so the click handler stays the same function and the rows need not re-render for it.
  const busy = useRef(false);

  const show = useCallback(
    async (id: string) => {
      if (busy.current) return;
      busy.current = true;
      setSwitchingId(id);
      setFailed(null);
      try {
        const result = await saveSettings({ activeAccountId: id });
        if (!result.ok) setFailed({ id, message: result.errors[0]?.message ?? 'The change was not saved.' });
      } catch (error) {
        setFailed({ id, message: error instanceof Error ? error.message : String(error) });
      } finally {
        busy.current = false;
        setSwitchingId(null);
      }
    },
    [saveSettings],
  );

  return (
    <section className="section acct-list" aria-labelledby="accounts-title" data-testid="account-list">
      <div className="acct-list-head">
        <h2 id="accounts-title">Other accounts</h2>
        <span className="section-aside">
          {model.rowCount} {model.rowCount === 1 ? 'account' : 'accounts'} · {model.unitLabel}
        </span>
      </div>
      <div className="acct-list-scroll" data-testid="account-scroll">
        {model.groups.map((group) => (
          <div key={group.origin} className="acct-group" role="group" aria-label={group.heading ?? 'Codex homes'} data-testid={`account-group-${group.origin}`}>
            {group.heading !== null && (
              <h3 className="acct-group-head" aria-hidden="true">
                {group.heading}
              </h3>
            )}
            <ul className="acct-rows">
              {group.rows.map((row) => (
                <AccountRow
                  key={row.id}
                  row={row}
                  readOnly={!canWrite}
                  switching={switchingId === row.id}
                  switchError={failed?.id === row.id ? failed.message : null}
                  onShow={show}
                />
              ))}
            </ul>
          </div>
        ))}
      </div>
      <div className="visually-hidden" aria-live="polite">
        {switchingId !== null ? 'Switching account' : failed !== null ? `Could not switch: ${failed.message}` : ''}
      </div>
    </section>
  );
}

interface AccountRowProps {
  row: AccountRowModel;
  readOnly: boolean;
  switching: boolean;
  switchError: string | null;
  onShow: (id: string) => Promise<void>;
}

const AccountRow = memo(
  function AccountRow({ row, readOnly, switching, switchError, onShow }: AccountRowProps) {
    const title = readOnly ? READ_ONLY_TITLE : switchError !== null ? `Could not switch: ${switchError}` : (row.detail ?? `Show ${row.label}`);
    const aside = switching ? (
      <span className="acct-aside acct-switching" data-testid="account-switching">
        <span className="acct-spinner" aria-hidden="true" />
        Switching…
      </span>
    ) : switchError !== null ? (
      <span className="acct-aside acct-aside-critical">Not switched</span>
    ) : row.status === 'stale' ? (
      <span className="acct-aside acct-aside-warn" data-testid="account-reason">
        {row.staleLabel}
      </span>
    ) : (
      <span className="acct-aside" data-testid="account-reset">
        {row.status === 'loading' ? 'Loading…' : (row.resetLabel ?? '')}
      </span>
    );
    return (
      <li className="acct-item">
        <button
          type="button"
          className={`acct-row status-${row.status}${switching ? ' switching' : ''}${readOnly ? ' read-only' : ''}`}
          aria-label={readOnly ? row.summary : `${row.summary}. Show this account`}
          aria-disabled={readOnly || undefined}
          aria-busy={switching || undefined}
          title={title}
          data-testid="account-row"
          data-account-id={row.id}
          data-status={row.status}
          onClick={() => {
            if (!readOnly) void onShow(row.id);
          }}
        >
          <span className="acct-line">
            <span className="acct-label" data-testid="account-label">
              {row.label}
            </span>
            {aside}
          </span>
          {row.status === 'failed' ? (
            <span className="acct-failed">
              <span className="acct-failed-icon" aria-hidden="true">
                !
              </span>
              <span className="acct-failed-text" data-testid="account-reason">
                {row.reason}
              </span>
            </span>
          ) : (
            <span className="acct-bars" aria-hidden="true">
              <MiniBar bar={row.session} caption="5h" loading={row.status === 'loading'} />
              <MiniBar bar={row.weekly} caption="Wk" loading={row.status === 'loading'} />
            </span>
          )}
        </button>
      </li>
    );
  },
  (a, b) =>
    sameAccountRow(a.row, b.row) && a.readOnly === b.readOnly && a.switching === b.switching && a.switchError === b.switchError && a.onShow === b.onShow,
);

function MiniBar({ bar, caption, loading }: { bar: MiniBarModel | null; caption: string; loading: boolean }) {
  return (
    <span className={`acct-mini tone-${bar?.tone ?? 'ok'}`} data-testid={`account-bar-${caption}`}>
      <span className="acct-mini-caption">{caption}</span>
      <span className={`acct-mini-track${loading ? ' skeleton' : ''}`}>
        {bar !== null && <span className="acct-mini-fill" style={{ width: `${bar.fillPercent}%` }} />}
      </span>
      <span className="acct-mini-percent">{bar?.percentLabel ?? (loading ? '' : '—')}</span>
    </span>
  );
}
