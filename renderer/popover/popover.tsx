import { useEffect, useMemo, useRef } from 'react';
import type { AppState } from '../../shared/quotabar-api.js';
import { isUsageFailure, type UsageReport } from '../../shared/usage-model.js';
import { useAppStore } from '../state/store-context.js';
import { useNow } from '../state/use-now.js';
import { AccountList } from './account-list.js';
import { accountListModel } from './accounts-view-model.js';
import { CostSection } from './cost-section.js';
import { bannerForError, ErrorBanner, type BannerModel } from './error-banner.js';
import { PopoverHeader } from './popover-header.js';
import { creditsLabel, monthlyLimitModel, windowCards } from './view-model.js';
import { WindowCard } from './window-card.js';
import { ResetCreditsRow } from './reset-credits-row.js';
import type { HistoryAccount } from '../../shared/usage-history.js';
import { useEscapeToClose } from '../state/use-escape-to-close.js';

export function Popover() {
  const state = useAppStore((s) => s.state);
  const apiError = useAppStore((s) => s.apiError);
  const refreshRequested = useAppStore((s) => s.refreshRequested);
  const refresh = useAppStore((s) => s.refresh);
  const openPreferences = useAppStore((s) => s.openPreferences);
  const closeWindow = useAppStore((s) => s.closeWindow);
  const quit = useAppStore((s) => s.quit);
  const now = useNow();

  useEscapeToClose(state?.host, closeWindow);

  const footer = useRef<HTMLElement>(null);
  useEffect(() => {
    // A hairline above the buttons only while content is hidden under them.
    const update = () => {
      const root = document.documentElement;
      footer.current?.classList.toggle('scrolled', window.scrollY + window.innerHeight < root.scrollHeight - 1);
    };
    update();
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    const observer = new ResizeObserver(update);
    observer.observe(document.body);
    return () => {
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
      observer.disconnect();
    };
  }, []);

  const report = state?.lastGoodUsage ?? null;
  const refreshing = refreshRequested || (state?.refreshing ?? false);
  const banner = bannerFor(state, apiError, now);
  // Recomputed on each tick (cheap); a row re-renders only when its model says something new.
  const accounts = useMemo(() => (state === null ? null : accountListModel(state.accounts, state.shownAccountId, state.settings, now)), [state, now]);
  return (
    <main className="popover" aria-labelledby="popover-title" aria-busy={refreshing}>
      <PopoverHeader
        report={report}
        hideEmail={state?.settings.display.hideEmail ?? false}
        refreshing={refreshing}
        stale={banner !== null}
        now={now}
        loading={state === null || state.usage === null}
        {...(accounts !== null ? { accountLabel: accounts.shownLabel } : {})}
      />
      {banner !== null && <ErrorBanner banner={banner} />}
      <UsageSection state={state} report={report} now={now} stale={banner !== null} />
      {accounts !== null && <AccountList model={accounts} />}
      <CostSection cost={state?.cost ?? null} error={state?.costError ?? null} now={now} />
      <footer className="actions" ref={footer}>
        <button type="button" className="button button-primary" onClick={() => void refresh()} disabled={refreshing} data-testid="refresh">
          <span className={`refresh-icon${refreshing ? ' spinning' : ''}`} aria-hidden="true">
            ↻
          </span>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" className="button" onClick={() => void openPreferences()} data-testid="open-preferences">
          Preferences…
        </button>
        <span className="spacer" />
        {state?.host !== 'web' && (
          <button type="button" className="button button-quiet" onClick={() => void quit()} data-testid="quit" hidden={state === null}>
            Quit
          </button>
        )}
      </footer>
      <div className="visually-hidden" aria-live="polite">
        {refreshing ? 'Refreshing usage' : ''}
      </div>
    </main>
  );
}

function UsageSection({ state, report, now, stale }: { state: AppState | null; report: UsageReport | null; now: Date; stale: boolean }) {
  if (state === null || (report === null && state.usage === null)) {
    return (
      <section className="section windows" aria-label="Usage limits" aria-busy="true">
        <WindowCard model={null} skeletonTitle="Session" />
        <WindowCard model={null} skeletonTitle="Weekly" />
      </section>
    );
  }
  if (report === null) {
    return (
      <section className="section windows" aria-label="Usage limits">
        <p className="empty" data-testid="no-usage">
          No usage yet. Fix the problem above, then refresh.
        </p>
      </section>
    );
  }
  const cards = windowCards(report, state.settings, now, undefined, shownHistory(state, report));
  const credits = report.credits === null ? null : creditsLabel(report.credits);
  const monthly = report.monthlyLimit === null ? null : monthlyLimitModel(report.monthlyLimit, state.settings, now);
  return (
    <section className={stale ? 'section windows stale' : 'section windows'} aria-label="Usage limits">
      {cards.length === 0 && (
        <p className="empty" data-testid="no-limits">
          Signed in, but no limits were reported for this plan.
        </p>
      )}
      {cards.map((card) => (
        <WindowCard key={card.key} model={card} />
      ))}
      {monthly !== null && (
        <div className={`card tone-${monthly.tone}`} role="group" aria-labelledby="card-monthly-title" data-testid="monthly-limit">
          <div className="card-top">
            <span className="card-title" id="card-monthly-title">
              Monthly limit
            </span>
            <span className="card-percent">{monthly.percentLabel}</span>
          </div>
          <div
            className="bar"
            role="progressbar"
            aria-labelledby="card-monthly-title"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(monthly.fillPercent)}
            aria-valuetext={`${monthly.percentLabel}, ${monthly.detail}`}
          >
            <div className="bar-fill" style={{ width: `${monthly.fillPercent}%` }} />
          </div>
          <div className="card-bottom">
            <span>{monthly.detail}</span>
            {monthly.resetLabel !== null && <span>{monthly.resetLabel}</span>}
          </div>
        </div>
      )}
      {credits !== null && (
        <div className="row credits" data-testid="credits">
          <span className="row-label">Credits</span>
          <span className="row-value">{credits}</span>
        </div>
      )}
      <ResetCreditsRow report={report} now={now} />
      {report.warnings?.map((w) => (
        <p key={w} className="note">
          {w}
        </p>
      ))}
    </section>
  );
}

/** The history of the account the report is about (the state carries the shown account's). */
function shownHistory(state: AppState, report: UsageReport): HistoryAccount | null {
  const account = state.history?.accounts[0];
  if (account === undefined) return null;
  const same = report.account.accountId !== null ? account.accountId === report.account.accountId : account.email === report.account.email;
  return same ? account : null;
}

function bannerFor(state: AppState | null, apiError: string | null, now: Date): BannerModel | null {
  if (apiError !== null) return bannerForError(null, apiError, state?.lastGoodUsage ? 'The numbers below may be out of date.' : null);
  const usage = state?.usage ?? null;
  if (usage === null || !isUsageFailure(usage)) return null;
  const good = state?.lastGoodUsage ?? null;
  const note = good === null ? null : `Showing data from ${clock(good.fetchedAt, now)}.`;
  const origin = state?.accounts?.find((a) => a.id === state.shownAccountId)?.origin;
  return bannerForError(usage.error.code, usage.error.message, note, origin);
}

function clock(iso: string, now: Date): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${time}`;
}
