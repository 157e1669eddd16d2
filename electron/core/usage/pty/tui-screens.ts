// Recognises the Codex TUI screens that stand between start-up and `/status`, from rendered text.
// Questions are recognised by their shape (a numbered list with a highlighted choice), never by
// their wording, which changes between Codex versions.

/** The sign-in picker of the onboarding flow: Codex has no usable login. Never answer it. */
export function looksLikeLogin(text: string): boolean {
  const signIn = /Sign in with ChatGPT/i.test(text);
  const picker = /Provide your own API key|Sign in with Device Code|connect an API key|Press enter to continue/i.test(text);
  const welcome = /Welcome to Codex/i.test(text);
  return (signIn && (picker || welcome)) || (welcome && /Finish signing in via your browser|codex login/i.test(text));
}

/** A choice of a selection list: `› 1. Trust and continue`, `  2. Quit`, `> 1. Sign in…`. */
const OPTION = /^\s*([›>❯▶])?\s*(\d{1,2})[.)]\s+(\S.*)$/;
/** The composer's prompt glyph at the start of a line, not followed by a numbered choice. */
const COMPOSER = /^\s*›(?!\s*\d{1,2}[.)]\s)/;

export interface Question {
  /** The line above the choices (Codex's title or question), for the error message. */
  title: string;
  choices: string[];
}

/**
 * A question on screen: a run of numbered choices 1, 2, … of which one is highlighted by a
 * pointer. Any such list is a question, whatever it says (folder trust, update, model choice),
 * and is never answered.
 */
export function findQuestion(text: string): Question | null {
  const lines = text.split('\n');
  let found: Question | null = null;
  let run: { start: number; next: number; pointer: boolean; choices: string[] } | null = null;
  const close = () => {
    if (run !== null && run.choices.length >= 2 && run.pointer) {
      let title = '';
      for (let i = run.start - 1; i >= 0 && i >= run.start - 6; i--) {
        const candidate = (lines[i] ?? '').trim();
        if (candidate !== '') {
          title = candidate.slice(0, 120);
          break;
        }
      }
      found = { title, choices: run.choices };
    }
    run = null;
  };
  lines.forEach((line, index) => {
    const match = OPTION.exec(line);
    if (match) {
      const number = Number(match[2]);
      if (number === 1) {
        close();
        run = { start: index, next: 2, pointer: match[1] !== undefined, choices: [(match[3] ?? '').trim()] };
        return;
      }
      if (run !== null && number === run.next) {
        run.next++;
        run.pointer ||= match[1] !== undefined;
        run.choices.push((match[3] ?? '').trim());
        return;
      }
      close();
      return;
    }
    // Descriptions under a choice and blank lines keep the run; a composer line ends it.
    if (run !== null && COMPOSER.test(line)) close();
  });
  close();
  return found;
}

/** The composer is drawn (the prompt glyph at the start of a line, or its footer hints) and no question is up. */
export function looksReadyForInput(text: string): boolean {
  if (findQuestion(text) !== null) return false;
  return text.split('\n').some((line) => COMPOSER.test(line)) || /\? for shortcuts|context left|Ask Codex to do anything/i.test(text);
}

/** Codex took the command but is still starting (0.171: "Waiting for startup"); it runs it once ready. */
export function looksStillStarting(text: string): boolean {
  return /Waiting for startup/i.test(text);
}
