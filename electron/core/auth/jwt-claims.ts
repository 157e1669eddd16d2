// Reads the claims Codex itself reads from its JWTs: base64url payload, signature not verified
// (the token is ours to present, not to trust).

export interface JwtClaims {
  email: string | null;
  plan: string | null;
  accountId: string | null;
  /** Expiry in unix seconds, when present. */
  exp: number | null;
}

const AUTH_CLAIM = 'https://api.openai.com/auth';
const PROFILE_CLAIM = 'https://api.openai.com/profile';

export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length < 2 || parts[1] === undefined) return null;
  try {
    const json: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function claimsOf(token: string | null | undefined): JwtClaims {
  const payload = token ? decodeJwtPayload(token) : null;
  if (payload === null) return { email: null, plan: null, accountId: null, exp: null };
  const auth = record(payload[AUTH_CLAIM]);
  const profile = record(payload[PROFILE_CLAIM]);
  const exp = payload.exp;
  return {
    email: str(payload.email) ?? str(profile.email),
    plan: str(auth.chatgpt_plan_type) ?? str(payload.chatgpt_plan_type),
    accountId: str(auth.chatgpt_account_id) ?? str(payload.chatgpt_account_id),
    exp: typeof exp === 'number' && Number.isFinite(exp) ? exp : null,
  };
}
