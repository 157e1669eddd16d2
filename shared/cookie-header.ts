// Checks a pasted `Cookie:` header (manual cookie mode) before it is stored. Shared so the
// preferences field validates as the person types and the main side enforces the same rules.

export interface CookieHeaderCheck {
  ok: boolean;
  /** The header without a leading "Cookie:" and surrounding space; empty when not ok. */
  header: string;
  /** Why it cannot be stored (ok = false). Never contains the header's values. */
  error: string | null;
  /** Stored anyway, but worth telling the person. */
  warning: string | null;
  /** The cookies in order; the caller registers their values as secrets. */
  pairs: Array<{ name: string; value: string }>;
}

export const MAX_COOKIE_HEADER_LENGTH = 32 * 1024;
const SESSION_COOKIE = /^__Secure-next-auth\.session-token(\.\d+)?$/;
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function checkCookieHeader(input: string): CookieHeaderCheck {
  const fail = (error: string): CookieHeaderCheck => ({ ok: false, header: '', error, warning: null, pairs: [] });
  const header = input.trim().replace(/^cookie\s*:\s*/i, '');
  if (header === '') return fail('Paste the Cookie header of a signed-in chatgpt.com request.');
  if (header.length > MAX_COOKIE_HEADER_LENGTH) return fail('That is longer than any Cookie header (32 KB at most).');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(header)) return fail('A Cookie header is a single line: remove the line breaks.');
  const pairs: Array<{ name: string; value: string }> = [];
  for (const part of header.split(';')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq <= 0 ? '' : pair.slice(0, eq).trim();
    if (!COOKIE_NAME.test(name)) return fail('Expected name=value pairs separated by "; " (copy the whole Cookie header).');
    pairs.push({ name, value: pair.slice(eq + 1).trim() });
  }
  if (pairs.length === 0) return fail('Expected name=value pairs separated by "; " (copy the whole Cookie header).');
  const warning = pairs.some((p) => SESSION_COOKIE.test(p.name))
    ? null
    : 'No __Secure-next-auth.session-token cookie in it: chatgpt.com will probably not recognise you.';
  return { ok: true, header, error: null, warning, pairs };
}
