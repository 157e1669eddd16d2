import type { AccountOrigin } from '../../../shared/accounts-model.js';

/** At most this many accounts are asked at once (interface §7). */
export const MAX_CONCURRENT_ACCOUNTS = 4;

/** An account discovered on this machine, before its usage is fetched. */
export type Account = HomeAccount | PoolAccount;

interface AccountBase {
  /** Stable across runs: derived from origin and account id, or from the home's path. */
  id: string;
  label: string;
  origin: AccountOrigin;
  email: string | null;
  accountId: string | null;
}

/** A Codex home: its usage comes from the usage chain (interface §2). */
export interface HomeAccount extends AccountBase {
  origin: 'codex-home';
  codexHome: string;
  /** The id of the settings entry that names this home, if any (accepted by `--account`). */
  settingsId: string | null;
  isDefaultHome: boolean;
}

/** An account from another tool's pool: `oauth` with the token that tool keeps fresh. */
export interface PoolAccount extends AccountBase {
  origin: 'ccs' | 'codex-proxy';
  accessToken: string;
  plan: string | null;
  /** When the token stops working (unix ms), from the file or the token's `exp`; null = unknown. */
  expiresAtMs: number | null;
  /** Where it was read from, for warnings and the label fallback. */
  file: string;
}

/** The tool that keeps a pool's tokens fresh, as messages name it. */
export const POOL_TOOL_NAME: Record<PoolAccount['origin'], string> = { ccs: 'CCS', 'codex-proxy': 'codex-proxy' };
