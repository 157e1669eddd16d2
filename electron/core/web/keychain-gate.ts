// Decides whether QuotaBar may ask the OS keychain for a browser's cookie key right now.
// A background refresh never may (it would pop a Keychain or keyring prompt nobody asked for), and
// after a denial nobody is asked again for hours. Denials live in memory and in a small file in
// QuotaBar's home that holds only labels and times, nothing secret.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readBoundedFileSync } from '../util/bounded-file.js';

export const DENIAL_COOLDOWN_MS = 6 * 60 * 60 * 1000;

export type GateDecision = { allowed: true } | { allowed: false; why: 'background' | 'denied'; until?: Date };

interface StateFile {
  version: 1;
  /** keychain label → ISO time until which it is not asked again */
  deniedUntil: Record<string, string>;
}

export class KeychainGate {
  private readonly deniedUntil = new Map<string, number>();
  private loaded = false;

  constructor(
    /** The state file, or null to keep denials in memory only. */
    private readonly stateFile: string | null,
    private readonly cooldownMs: number = DENIAL_COOLDOWN_MS,
  ) {}

  check(label: string, interactive: boolean, now: Date): GateDecision {
    this.load();
    const until = this.deniedUntil.get(label);
    if (until !== undefined && until > now.getTime()) return { allowed: false, why: 'denied', until: new Date(until) };
    if (!interactive) return { allowed: false, why: 'background' };
    return { allowed: true };
  }

  recordDenial(label: string, now: Date): Date {
    this.load();
    const until = now.getTime() + this.cooldownMs;
    this.deniedUntil.set(label, until);
    this.save(now);
    return new Date(until);
  }

  recordSuccess(label: string, now: Date): void {
    this.load();
    if (this.deniedUntil.delete(label)) this.save(now);
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    if (this.stateFile === null) return;
    try {
      const parsed = JSON.parse(readBoundedFileSync(this.stateFile)) as Partial<StateFile>;
      for (const [label, iso] of Object.entries(parsed.deniedUntil ?? {})) {
        const time = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
        if (Number.isFinite(time)) this.deniedUntil.set(label, time);
      }
    } catch {
      // Missing, damaged or not a regular file: nothing remembered, which only means one more prompt on a manual refresh.
    }
  }

  private save(at: Date): void {
    if (this.stateFile === null) return;
    const now = at.getTime();
    const state: StateFile = { version: 1, deniedUntil: {} };
    for (const [label, until] of this.deniedUntil) if (until > now) state.deniedUntil[label] = new Date(until).toISOString();
    try {
      mkdirSync(dirname(this.stateFile), { recursive: true });
      const temp = `${this.stateFile}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, this.stateFile);
    } catch {
      // The memory copy still holds the denial for this process.
    }
  }
}
