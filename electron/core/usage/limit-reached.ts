// What it means when ChatGPT says a limit was reached (`rate_limit_reached_type` on the backend,
// `rateLimitReachedType` from the app-server), in words a person can act on. The wording follows
// Codex's own "usage limit reached" messages (protocol/src/error.rs).

const MESSAGES: Record<string, string> = {
  rate_limit_reached: 'You have hit your Codex usage limit. It frees up at the next reset; credits, if you have any, keep you going until then.',
  workspace_owner_credits_depleted: 'Your workspace is out of credits. Add credits to continue.',
  workspace_member_credits_depleted: 'Your workspace is out of credits. Ask your workspace owner to add more to continue.',
  workspace_owner_usage_limit_reached: 'You have hit the spend cap set in your workspace. Increase the spend cap to continue.',
  workspace_member_usage_limit_reached: 'You have hit the spend cap the owner of your workspace set. Ask an owner to increase it to continue.',
};

/** The type from either wire form: a string (app-server) or `{ "type": … }` (backend). */
export function reachedType(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const type = (raw as Record<string, unknown>).type;
    return typeof type === 'string' ? type : null;
  }
  return null;
}

/**
 * A warning for a reached-limit type; null when nothing is reached. A type this version does not know
 * is still shown, with its name made readable, rather than dropped.
 */
export function limitReachedMessage(type: string | null): string | null {
  if (type === null) return null;
  const key = type.trim().toLowerCase();
  if (key === '') return null;
  return MESSAGES[key] ?? `ChatGPT reports a usage limit was reached (${key.replace(/_/g, ' ')}).`;
}
