// `quotabar serve`'s server and controller, fed fixture usage and cost instead of the network, for
// browser tests that need exact, hand-picked states (every window kind, failures, slow refreshes).

import type { CostReport } from '../../shared/cost-model.js';
import type { UsageRequest } from '../../electron/core/usage/usage-request.js';
import type { UsageResult } from '../../shared/usage-model.js';
import type { Settings } from '../../shared/settings-model.js';
import { defaultSettings } from '../../shared/settings-model.js';
import { createAppController, type AppController } from '../../electron/core/app/app-controller.js';
import { memorySecretStore } from '../../electron/core/secrets/secret-store.js';
import { silentLogger } from '../../electron/core/util/logger.js';
import { startQuotabarServer, type QuotabarServerOptions } from '../../electron/server/quotabar-server.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSettingsStore } from '../../electron/core/settings/settings-store.js';
import type { HistoryStore } from '../../electron/core/history/history-store.js';
import type { SchedulerClock } from '../../electron/core/scheduler/scheduler-clock.js';
import { resetCreditOutcomeMessage, type ResetCreditUseRequest, type ResetCreditUseResult } from '../../shared/reset-credits.js';
import { holdGate } from '../helpers/hold-gate.js';

export interface FixtureServe {
  url: string;
  /** The page with the launch secret (`?token=…`), as `quotabar serve` prints it. */
  secretUrl: string;
  port: number;
  controller: AppController;
  /** What the next usage refreshes return (the last one repeats). */
  setUsage(...results: UsageResult[]): void;
  setCost(cost: CostReport | Error): void;
  /** Holds the next usage refresh until the returned function is called. */
  holdNextRefresh(): () => void;
  requests: UsageRequest[];
  /** Every reset-credit action that reached the controller's spender (never the network here). */
  resetCreditUses: ResetCreditUseRequest[];
  close(): Promise<void>;
}

export async function startFixtureServe(options: {
  usage: UsageResult[];
  cost: CostReport | Error;
  settings?: Partial<Settings>;
  host?: 'web' | 'electron';
  refreshFirst?: boolean;
  history?: HistoryStore;
  now?: () => Date;
  /** The controller's clock, which decides when `?refresh=1` may ask again (the system clock by default). */
  clock?: SchedulerClock;
  /** What spending a reset credit answers (default: the limits were reset). */
  resetCreditOutcome?: (use: ResetCreditUseRequest) => Promise<ResetCreditUseResult>;
  server?: Partial<Pick<QuotabarServerOptions, 'host' | 'port' | 'token' | 'rendererDir' | 'heartbeatMs' | 'launchSecret' | 'bodyTimeoutMs' | 'settingsPath'>>;
}): Promise<FixtureServe> {
  let queue = [...options.usage];
  let cost = options.cost;
  const gate = holdGate();
  const requests: UsageRequest[] = [];
  const resetCreditUses: ResetCreditUseRequest[] = [];
  const quotabarHome = mkdtempSync(join(tmpdir(), 'quotabar-fixture-serve-'));
  writeFileSync(join(quotabarHome, 'settings.json'), JSON.stringify({ ...defaultSettings(), ...options.settings }));
  const controller = createAppController({
    quotabarHome,
    env: {},
    host: options.host ?? 'web',
    version: '0.1.0',
    secretStore: memorySecretStore(),
    settingsStore: openSettingsStore(quotabarHome),
    logger: silentLogger,
    ...(options.history !== undefined ? { history: options.history } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    fetchUsage: async (request) => {
      requests.push(request);
      await gate.pass();
      const next = queue.length > 1 ? queue.shift() : queue[0];
      if (next === undefined) throw new Error('no fixture usage');
      return next;
    },
    useResetCredit: async (_request, use) => {
      resetCreditUses.push(use);
      if (options.resetCreditOutcome) return options.resetCreditOutcome(use);
      return { ok: true, outcome: 'reset', message: resetCreditOutcomeMessage('reset'), idempotencyKey: use.idempotencyKey };
    },
    computeCost: async () => {
      if (cost instanceof Error) throw cost;
      return cost;
    },
  });
  if (options.refreshFirst !== false) await controller.refresh();
  const server = await startQuotabarServer({ controller, host: '127.0.0.1', port: 0, version: '0.1.0', logger: silentLogger, ...options.server });
  return {
    url: server.url,
    secretUrl: server.secretUrl,
    port: server.port,
    controller,
    requests,
    resetCreditUses,
    setUsage: (...results) => {
      queue = [...results];
    },
    setCost: (c) => {
      cost = c;
    },
    holdNextRefresh: () => gate.holdNext(),
    async close() {
      await server.close();
      controller.dispose();
      rmSync(quotabarHome, { recursive: true, force: true });
    },
  };
}
