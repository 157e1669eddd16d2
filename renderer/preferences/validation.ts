// Pure checks behind the preferences fields, run on every keystroke. The main side validates
// again when saving (the settings store); these only make mistakes visible early.

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** "50, 20" → [50, 20]: whole "% left" levels 1–99, highest first, at most five. */
export function parseThresholdLevels(text: string): Checked<number[]> {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, error: 'Enter at least one level, e.g. 50, 20.' };
  const levels: number[] = [];
  for (const part of parts) {
    const n = Number(part.replace(/%$/, ''));
    if (!Number.isInteger(n) || n < 1 || n > 99) return { ok: false, error: `"${part}" is not a whole percent between 1 and 99.` };
    if (!levels.includes(n)) levels.push(n);
  }
  if (levels.length > 5) return { ok: false, error: 'Five levels at most.' };
  return { ok: true, value: levels.sort((a, b) => b - a) };
}

export function formatThresholdLevels(levels: number[]): string {
  return levels.join(', ');
}

/** True for /abs/path, C:\path and \\server\share: the settings file stores absolute paths only. */
export function isAbsolutePath(text: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(text);
}

/** The Codex binary: empty means "find it" (null); otherwise a full path. */
export function parseBinaryPath(text: string): Checked<string | null> {
  const value = text.trim();
  if (value === '') return { ok: true, value: null };
  if (/[\r\n]/.test(value)) return { ok: false, error: 'A path is a single line.' };
  if (!isAbsolutePath(value)) return { ok: false, error: 'Use a full path, e.g. /usr/local/bin/codex, or leave empty to find it.' };
  return { ok: true, value };
}

export function parseAccount(label: string, codexHome: string, existingHomes: string[]): Checked<{ label: string; codexHome: string }> {
  const l = label.trim();
  const h = codexHome.trim();
  if (l === '') return { ok: false, error: 'Give the account a name.' };
  if (l.length > 40) return { ok: false, error: 'Keep the name under 40 characters.' };
  if (h === '') return { ok: false, error: 'Enter the Codex home folder of this account (it holds auth.json).' };
  if (!isAbsolutePath(h)) return { ok: false, error: 'Use a full folder path, e.g. /home/you/.codex-work.' };
  if (existingHomes.includes(h)) return { ok: false, error: 'That folder is already an account.' };
  return { ok: true, value: { label: l, codexHome: h } };
}

export function newAccountId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c !== undefined && typeof c.randomUUID === 'function') return c.randomUUID();
  return `acc-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
