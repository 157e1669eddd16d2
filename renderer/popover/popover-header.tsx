import type { UsageReport } from '../../shared/usage-model.js';
import { planLabel, updatedLabel } from './view-model.js';

export function PopoverHeader({
  report,
  hideEmail,
  refreshing,
  stale,
  now,
  accountLabel,
  loading = true,
}: {
  report: UsageReport | null;
  hideEmail: boolean;
  refreshing: boolean;
  stale: boolean;
  now: Date;
  /** With several accounts: the shown one's name (already masked when emails are hidden). */
  accountLabel?: string | null;
  /** Nothing fetched yet for the shown account (skeletons), as opposed to a fetch that failed. */
  loading?: boolean;
}) {
  const plan = report === null ? null : planLabel(report.account.plan);
  const email = report?.account.email ?? null;
  return (
    <header className="header">
      <div className="header-row">
        <h1 id="popover-title" className="title">
          Codex
        </h1>
        {plan !== null && (
          <span className="badge" data-testid="plan">
            {plan}
          </span>
        )}
        <span className="spacer" />
        <span
          className={`status-dot${report === null ? ' status-unknown' : stale ? ' status-stale' : ''}${refreshing ? ' status-busy' : ''}`}
          title={report === null ? 'Loading' : stale ? 'The last refresh failed' : 'Up to date'}
          aria-hidden="true"
        />
      </div>
      <div className="header-sub">
        {report === null && accountLabel !== undefined && accountLabel !== null && !loading ? (
          // With several accounts, one whose fetch failed before it had any numbers is still named.
          <span className="email" data-testid="account-name">
            {accountLabel}
          </span>
        ) : report === null ? (
          <>
            <span className="skeleton skeleton-text" style={{ width: '11em' }} aria-hidden="true" />
            <span className="skeleton skeleton-text" style={{ width: '15em' }} aria-hidden="true" />
          </>
        ) : (
          <>
            {accountLabel !== undefined && accountLabel !== null && accountLabel !== email ? (
              <span className="email" data-testid="account-name">
                {accountLabel}
                {!hideEmail && email !== null && <span className="acct-name-email"> · {email}</span>}
              </span>
            ) : (
              !hideEmail &&
              email !== null && (
                <span className="email" data-testid="email">
                  {email}
                </span>
              )
            )}
            <span className="updated" data-testid="updated">
              {refreshing ? 'Refreshing…' : updatedLabel(report, now)}
            </span>
          </>
        )}
      </div>
    </header>
  );
}
