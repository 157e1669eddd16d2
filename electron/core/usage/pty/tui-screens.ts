// Recognises the Codex TUI screens that stand between start-up and `/status`, from rendered text.
// Needles are the literal strings Codex draws (codex-protocol.md §5.4, tui/src/onboarding/auth.rs).

/** The sign-in picker of the onboarding flow: Codex has no usable login. Never answer it. */
export function looksLikeLogin(text: string): boolean {
  const signIn = /Sign in with ChatGPT/i.test(text);
  const picker = /Provide your own API key|Sign in with Device Code|connect an API key|Press enter to continue/i.test(text);
  const welcome = /Welcome to Codex/i.test(text);
  return (signIn && (picker || welcome)) || (welcome && /Finish signing in via your browser|codex login/i.test(text));
}

/** The start-up update prompt (`tui/src/update_prompt.rs`), not the passive history notice. */
export function looksLikeUpdatePrompt(text: string): boolean {
  return /Update available!/i.test(text) && /\bSkip\b/i.test(text) && /Update now|Press enter to continue/i.test(text);
}

/**
 * How many Down presses move the selection from the highlighted option to "Skip". The highlighted
 * row starts with a pointer (› or >); without one, Codex's default ("Update now") is assumed.
 */
export function downPressesToSkip(text: string): number {
  const options = text
    .split('\n')
    .map((line) => /^\s*([›>❯▶])?\s*(\d)\.\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null);
  const skip = options.findIndex((m) => /^Skip\b(?! until)/i.test(m[3] ?? ''));
  const selected = options.findIndex((m) => m[1] !== undefined);
  if (skip === -1) return 1;
  return Math.max(0, skip - Math.max(0, selected));
}

/** The directory-trust question: answering it would write to config.toml, so it is never answered. */
export function looksLikeTrustPrompt(text: string): boolean {
  return /Do you trust the (files|contents)/i.test(text) || (/trust this (folder|directory)/i.test(text) && /Press enter/i.test(text));
}

/** The composer is drawn: the prompt glyph at the start of a line, or the footer hints under it. */
export function looksReadyForInput(text: string): boolean {
  return /^\s*›/m.test(text) || /\? for shortcuts|context left|Ask Codex to do anything/i.test(text);
}
