// Plan ids as the backend and `codex app-server` send them (`plus`, `pro`, `prolite`, …), and the way
// back from the names the Codex TUI shows for them. Reports always carry the id, never a display name.

/** Backend plan names Codex folds into its own enum (`education` → `edu`, `hc` → `enterprise`). */
export function normalizePlan(plan: string | null): string | null {
  if (plan === null) return null;
  const lower = plan.trim().toLowerCase();
  if (lower === 'education') return 'edu';
  if (lower === 'hc') return 'enterprise';
  return lower === '' ? null : lower;
}

/**
 * The TUI's `/status` labels (codex-rs/tui/src/subscription.rs in 0.171, `plan_type_display_name` and
 * `KnownPlan::display_name` before it) back to plan ids. Some labels stand for several ids ("Business"
 * is `team` or `self_serve_business_usage_based`, "Enterprise" is `business`, `enterprise`, …): those
 * map to the most common one, and a plan id from auth.json or the app-server replaces them.
 */
const DISPLAY_TO_PLAN: Record<string, string> = {
  free: 'free',
  go: 'go',
  plus: 'plus',
  pro: 'pro',
  'pro 200': 'pro',
  'pro 100': 'prolite',
  'pro lite': 'prolite',
  'pro 500': 'promax',
  'pro max': 'promax',
  team: 'team',
  business: 'team',
  'business premium': 'self_serve_business_prolite',
  'self serve business usage based': 'self_serve_business_usage_based',
  enterprise: 'enterprise',
  'enterprise (automation)': 'enterprise_cbp_automation',
  'enterprise cbp usage based': 'enterprise_cbp_usage_based',
  edu: 'edu',
  education: 'edu',
  'edu plus': 'edu_plus',
  'edu pro': 'edu_pro',
};

/** A plan id for a TUI label such as "Pro 200"; null for "Unknown", "ChatGPT" and labels Codex never used. */
export function planFromDisplayName(display: string): string | null {
  const key = display.trim().replace(/\s+/g, ' ').toLowerCase();
  return DISPLAY_TO_PLAN[key] ?? null;
}
