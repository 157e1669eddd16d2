const DATE_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

/**
 * The model id a usage row is reported under (interface §4): a `provider/` prefix and a `-YYYY-MM-DD`
 * snapshot suffix are stripped, so `openai/gpt-5.5-2026-04-23` and `gpt-5.5` land in one row.
 */
export function normalizeModelName(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let name = raw.trim().toLowerCase();
  const slash = name.lastIndexOf('/');
  if (slash >= 0) name = name.slice(slash + 1);
  name = name.replace(DATE_SUFFIX, '');
  return name === '' ? null : name;
}
