import { useState } from 'react';
import type { AccountOrigin } from '../../shared/accounts-model.js';
import type { ErrorCode } from '../../shared/usage-model.js';
import { copyText } from './copy-text.js';

const TITLES: Record<ErrorCode, string> = {
  not_logged_in: 'Not signed in to Codex',
  unauthorized: 'Sign-in was rejected',
  token_stale: 'Codex sign-in needs renewing',
  codex_not_found: 'Codex CLI not found',
  timeout: 'Refresh timed out',
  network: 'Can’t reach ChatGPT',
  server_error: 'ChatGPT is having trouble',
  rate_limited: 'Too many requests',
  bad_response: 'Unexpected answer from ChatGPT',
  not_supported: 'Not supported by this source',
  cookies_missing: 'No ChatGPT cookies',
  account_mismatch: 'Different account',
  bad_arguments: 'Check your settings',
};

export interface BannerModel {
  title: string;
  message: string;
  /** What is copied: the code and the message. */
  copyText: string;
  /** "Showing data from 14:03." when older data stays visible. */
  note: string | null;
}

/** The tool that signs a pool account in and refreshes its token: a failed sign-in is its, not Codex's. */
const POOL_TOOLS: Partial<Record<AccountOrigin, string>> = { ccs: 'CCS', 'codex-proxy': 'codex-proxy' };

/** `origin`: the shown account's, when there are several accounts. */
export function bannerForError(code: ErrorCode | null, message: string, note: string | null, origin?: AccountOrigin): BannerModel {
  const tool = origin === undefined ? undefined : POOL_TOOLS[origin];
  const poolTitle =
    tool === undefined
      ? undefined
      : code === 'token_stale'
        ? `${tool} sign-in needs renewing`
        : code === 'unauthorized'
          ? `${tool} sign-in was rejected`
          : undefined;
  const title = code === null ? 'Can’t talk to QuotaBar' : (poolTitle ?? TITLES[code] ?? 'Refresh failed');
  return { title, message, copyText: code === null ? message : `${code}: ${message}`, note };
}

export function ErrorBanner({ banner }: { banner: BannerModel }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const onCopy = async () => {
    setCopied((await copyText(banner.copyText)) ? 'copied' : 'failed');
    setTimeout(() => setCopied('idle'), 2000);
  };
  return (
    <div className="banner" role="alert" data-testid="error-banner">
      <span className="banner-icon" aria-hidden="true">
        !
      </span>
      <div className="banner-body">
        <div className="banner-title">{banner.title}</div>
        <div className="banner-message" data-testid="error-message">
          {banner.message}
        </div>
        {banner.note !== null && <div className="banner-note">{banner.note}</div>}
      </div>
      <button type="button" className="banner-copy" onClick={() => void onCopy()} aria-label="Copy error message">
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select & copy' : 'Copy'}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {copied === 'copied' ? 'Error message copied' : ''}
      </span>
    </div>
  );
}
