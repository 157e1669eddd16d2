import { useEffect, useRef, useState } from 'react';
import { formatPercent, formatResetsIn, remainingPercent } from '../../shared/format.js';
import { formatExpiresIn, newIdempotencyKey, nextExpiringCredit, type ResetCreditUseResult } from '../../shared/reset-credits.js';
import type { UsageReport, UsageWindow } from '../../shared/usage-model.js';
import { useAppStore } from '../state/store-context.js';

// The shown account's reset credits: how many, when the next one expires, and "Use a reset credit…",
// which spends one only after the person confirms it in a dialog naming what it resets.

function windowLine(window: UsageWindow | null, now: Date): string {
  if (window === null) return 'not reported';
  const reset = formatResetsIn(window.resetsAt, now);
  return `${formatPercent(remainingPercent(window.usedPercent))} left${reset !== null ? ` · ${reset}` : ''}`;
}

type Phase = { kind: 'asking' } | { kind: 'spending' } | { kind: 'done'; result: ResetCreditUseResult };

export function ResetCreditsRow({ report, now }: { report: UsageReport; now: Date }) {
  const canWrite = useAppStore((s) => s.access.canWrite);
  const hideEmail = useAppStore((s) => s.state?.settings.display.hideEmail ?? false);
  const useResetCredit = useAppStore((s) => s.useResetCredit);
  const [phase, setPhase] = useState<Phase | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  // One key per confirmed action; "Try again" after a failure sends the same one.
  const key = useRef<string | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (phase !== null && !element.open) element.showModal();
    if (phase === null && element.open) element.close();
  }, [phase]);

  const credits = report.resetCredits;
  if (credits == null) return null;
  const next = nextExpiringCredit(credits);
  const expiry = next?.expiresAt != null ? formatExpiresIn(next.expiresAt, now) : null;
  const value = `${credits.available}${credits.available > 0 && expiry !== null ? ` · next expires ${expiry}` : ''}`;
  const who = hideEmail ? 'this account' : (report.account.email ?? 'this account');

  const spend = async () => {
    key.current ??= newIdempotencyKey();
    setPhase({ kind: 'spending' });
    let result: ResetCreditUseResult;
    try {
      result = await useResetCredit({ idempotencyKey: key.current });
    } catch (error) {
      result = { ok: false, error: { code: 'network', message: error instanceof Error ? error.message : String(error) }, idempotencyKey: key.current };
    }
    setPhase({ kind: 'done', result });
  };
  const close = () => {
    key.current = null;
    setPhase(null);
  };

  const done = phase?.kind === 'done' ? phase.result : null;
  return (
    <div className="row reset-credits" data-testid="reset-credits">
      <span className="row-label">Reset credits</span>
      <span className="row-value">{value}</span>
      {credits.available > 0 && canWrite && (
        <button type="button" className="button reset-credits-use" onClick={() => setPhase({ kind: 'asking' })} data-testid="use-reset-credit">
          Use a reset credit…
        </button>
      )}
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby="reset-credit-title"
        onCancel={(e) => (phase?.kind === 'spending' ? e.preventDefault() : close())}
        data-testid="reset-credit-dialog"
      >
        <h2 id="reset-credit-title">{done === null ? 'Use a reset credit?' : done.ok && done.outcome === 'reset' ? 'Limits reset' : 'Reset credit'}</h2>
        {done === null ? (
          <>
            <p>Resets the Codex limits of {who} now:</p>
            <ul className="confirm-windows">
              <li>
                <span>Session (5h)</span> <span data-testid="confirm-session">{windowLine(report.session, now)}</span>
              </li>
              <li>
                <span>Weekly</span> <span data-testid="confirm-weekly">{windowLine(report.weekly, now)}</span>
              </li>
            </ul>
            <p className="confirm-note">
              Uses 1 of your {credits.available} reset credit{credits.available === 1 ? '' : 's'}
              {expiry !== null ? ` (the next to expire, ${expiry})` : ''}. A used credit cannot be given back.
            </p>
          </>
        ) : (
          <p role="status" data-testid="reset-credit-outcome">
            {done.ok ? done.message : done.error.message}
          </p>
        )}
        <div className="confirm-actions">
          {done === null ? (
            <>
              <button type="button" className="button" onClick={close} disabled={phase?.kind === 'spending'} data-testid="reset-credit-cancel" autoFocus>
                Cancel
              </button>
              <button
                type="button"
                className="button button-primary"
                onClick={() => void spend()}
                disabled={phase?.kind === 'spending'}
                data-testid="reset-credit-confirm"
              >
                {phase?.kind === 'spending' ? 'Using…' : 'Use 1 credit'}
              </button>
            </>
          ) : (
            <>
              {!done.ok && (
                <button type="button" className="button" onClick={() => void spend()} data-testid="reset-credit-retry">
                  Try again
                </button>
              )}
              <button type="button" className="button button-primary" onClick={close} data-testid="reset-credit-close">
                Close
              </button>
            </>
          )}
        </div>
      </dialog>
    </div>
  );
}
