import { formatPercent, formatResetsIn, remainingPercent } from '../../shared/format.js';
import { resetCreditsSummary } from '../../shared/reset-credits.js';
import type { UsageResult, UsageWindow } from '../../shared/usage-model.js';
import { isUsageFailure } from '../../shared/usage-model.js';
import type { Input, Output } from './cli-io.js';

// The confirmation `quotabar reset-credit use` asks on a terminal: pure text, plus one line read back.

function windowPhrase(label: string, window: UsageWindow | null, now: Date): string {
  if (window === null) return `${label}: not reported`;
  const reset = formatResetsIn(window.resetsAt, now);
  return `${label}: ${formatPercent(remainingPercent(window.usedPercent))} left${reset ? ` (${reset})` : ''}`;
}

/** The question, naming the windows a credit resets and how much each has left now. */
export function confirmationText(usage: UsageResult | null, now: Date): string {
  const lines: string[] = [];
  if (usage === null || isUsageFailure(usage)) {
    lines.push('A reset credit resets your Codex limits: the 5-hour session and the weekly window.');
    lines.push(`Current usage could not be read${usage !== null ? ` (${usage.error.message})` : ''}.`);
  } else {
    const who = usage.account.email ?? usage.account.accountId ?? 'this account';
    const credits = usage.resetCredits ? `You have ${resetCreditsSummary(usage.resetCredits, now)} reset credit(s). ` : '';
    lines.push(`${credits}Using one resets the Codex limits of ${who}:`);
    lines.push(`  ${windowPhrase('Session (5h)', usage.session, now)}`);
    lines.push(`  ${windowPhrase('Weekly', usage.weekly, now)}`);
  }
  lines.push('A used credit cannot be given back.');
  return `${lines.join('\n')}\nUse one reset credit now? [y/N] `;
}

export function isYes(answer: string | null): boolean {
  return answer !== null && /^\s*(y|yes)\s*$/i.test(answer);
}

/** Writes the question and reads one line; null when the input ends first. */
export async function askLine(question: string, input: Input, output: Output): Promise<string | null> {
  output.write(question);
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const newline = text.indexOf('\n');
    if (newline !== -1) return text.slice(0, newline);
  }
  return text === '' ? null : text;
}
