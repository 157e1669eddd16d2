// The Electron main process: wires the app controller (which owns when to refresh), the tray and the
// windows together. Every decision is made in a tested module; this file only connects them.
import { app, ipcMain, net, Notification, powerMonitor, protocol, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiEvent, AppState } from '../../shared/quotabar-api.js';
import { createAppController, type AppController } from '../core/app/app-controller.js';
import { historyPath, openHistoryStore } from '../core/history/history-store.js';
import { stopCostWorker } from '../core/cost/cost-service.js';
import { APP_ID, PRODUCT_NAME } from '../core/desktop/app-identity.js';
import { APP_SCHEME, resolveAppRequest } from '../core/desktop/app-protocol.js';
import { rotatingLogFile } from '../core/desktop/rotating-log-file.js';
import { applyAutostart } from '../core/desktop/xdg-autostart.js';
import { notificationInputs, planAccountsNotifications } from '../core/notifications/account-notifications.js';
import { loadPlannerState, notificationStatePath, savePlannerState } from '../core/notifications/notification-state-file.js';
import { resolveQuotabarHome } from '../core/paths/quotabar-home.js';
import { createOnlineTracker } from '../core/scheduler/online-tracker.js';
import { openSettingsStore } from '../core/settings/settings-store.js';
import { createLogger, type LogLevel, type Logger } from '../core/util/logger.js';
import { createIpcHandlers, IPC_CHANNELS, type InvokeChannel, type IpcBackend, type IpcHandler, type IpcSender } from './ipc-contract.js';
import { loginItemPlan } from './login-item.js';
import { openSafeStorageSecretStore, type SafeStorageSecretStore } from './safe-storage-secret-store.js';
import { TrayView } from './tray-view.js';
import { externalLinkTarget, isNavigationAllowed, securityHeaders } from './window-options.js';
import { WindowManager } from './windows.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/electron/shell
const rendererRoot = join(here, '..', '..', 'renderer'); // dist/renderer, built by Vite
const preloadPath = join(here, 'preload.cjs');
const ONLINE_POLL_MS = 15_000;
const TICK_MS = 60_000;

const quotabarHome = resolveQuotabarHome(process.env);

// Before `ready`: the app:// scheme must be registered as a standard, secure origin.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
app.setName(PRODUCT_NAME);
// Chromium's caches go beside QuotaBar's own files, not over them (on Linux both default to ~/.config/quotabar).
app.setPath('userData', join(quotabarHome, 'electron'));
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

function openLogger(): Logger {
  const level = (['debug', 'info', 'warn', 'error'] as const).find((l) => l === process.env.QUOTABAR_LOG_LEVEL) ?? ('info' satisfies LogLevel);
  return createLogger(rotatingLogFile(join(quotabarHome, 'logs', 'quotabar.log')), level, 'app');
}

function hardenSessions(logger: Logger): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  // Pages never reach the network; the core's own HTTP clients do not go through this session.
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    const fromPage = details.webContentsId !== undefined;
    if (fromPage) logger.warn(`blocked a page request to ${new URL(details.url).origin}`);
    callback({ cancel: fromPage });
  });
  protocol.handle(APP_SCHEME, async (request) => {
    const target = resolveAppRequest(request.url, rendererRoot);
    if (target === null) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(target.path);
      return new Response(new Uint8Array(body), { status: 200, headers: securityHeaders(target.mimeType) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      const external = externalLinkTarget(url);
      if (external !== null) void shell.openExternal(external);
      return { action: 'deny' };
    });
    const guard = (event: { preventDefault(): void }, url: string) => {
      if (!isNavigationAllowed(url, contents.getURL())) event.preventDefault();
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return { webContentsId: event.sender.id, frameUrl: frame?.url ?? '', isMainFrame: frame !== null && frame.parent === null };
}

async function startApp(): Promise<void> {
  const logger = openLogger();
  if (process.platform === 'darwin') app.dock?.hide();
  hardenSessions(logger);

  const settingsStore = openSettingsStore(quotabarHome, logger);
  const secretStore: SafeStorageSecretStore = await openSafeStorageSecretStore({
    dir: join(quotabarHome, 'secrets'),
    safeStorage,
    platform: process.platform,
    logger,
  });
  const controller: AppController = createAppController({
    quotabarHome,
    env: process.env,
    host: 'electron',
    version: app.getVersion(),
    secretStore,
    settingsStore,
    logger,
    history: openHistoryStore({ path: historyPath(quotabarHome), warn: (message) => logger.warn(message) }),
    // The controller refreshes after a saved setting itself; the login item and the icon are the shell's.
    onSettingsSaved: (effects, settings) => {
      if (effects.loginItem) applyLoginItem(settings.launchAtLogin);
      if (effects.redraw) tray.update(controller.getState());
    },
  });

  const windows = new WindowManager({ preloadPath, devTools: !app.isPackaged, logger, onPopoverShown: () => controller.popoverOpened() });

  function applyLoginItem(enabled: boolean): void {
    const plan = loginItemPlan({
      enabled,
      platform: process.platform,
      execPath: process.execPath,
      appPath: app.getAppPath(),
      isPackaged: app.isPackaged,
      env: process.env,
    });
    try {
      if (plan.kind === 'electron') app.setLoginItemSettings(plan.settings);
      else applyAutostart(plan.path, plan.command);
    } catch (error) {
      logger.warn(`could not update launch at login: ${(error as Error).message}`);
    }
  }

  const tray = new TrayView(controller.getState(), {
    onClick: (bounds) => windows.togglePopover(bounds),
    openPopover: () => windows.showPopover(tray.bounds()),
    refreshNow: () => void controller.requestRefresh(),
    openPreferences: () => windows.openPreferences(),
    quit: () => app.quit(),
  });

  // Notifications: the planner decides, its memory survives restarts.
  const plannerPath = notificationStatePath(quotabarHome);
  let plannerState = loadPlannerState(plannerPath, logger);
  const liveNotifications = new Set<Notification>(); // held so they are not garbage-collected while shown
  const notify = (state: AppState) => {
    const reports = notificationInputs(state);
    if (reports.length === 0) return;
    const planned = planAccountsNotifications({ previous: plannerState, reports, settings: state.settings, now: new Date() });
    if (JSON.stringify(planned.state) === JSON.stringify(plannerState)) return;
    savePlannerState(plannerPath, planned.state, logger);
    plannerState = planned.state;
    if (!Notification.isSupported()) return;
    for (const note of planned.notifications) {
      const shown = new Notification({ title: note.title, body: note.body });
      liveNotifications.add(shown);
      shown.on('click', () => windows.showPopover(tray.bounds()));
      shown.on('close', () => liveNotifications.delete(shown));
      shown.show();
    }
  };

  const unsubscribe = controller.subscribe((event: ApiEvent) => {
    windows.broadcast(IPC_CHANNELS.event, event);
    if (event.type === 'state') tray.update(event.state);
    else tray.update(controller.getState());
    // Every account's new reports arrive with a state event (the usage event comes just before it).
    if (event.type === 'state') notify(event.state);
  });

  const backend: IpcBackend = {
    getState: () => controller.getState(),
    refresh: async () => {
      await controller.requestRefresh();
    },
    saveSettings: (patch) => controller.saveSettings(patch),
    setManualCookieHeader: (header) => controller.setManualCookieHeader(header),
    useResetCredit: (request) => controller.useResetCredit(request),
    openPreferences: () => windows.openPreferences(),
    closeWindow: (id) => windows.closeWindow(id),
    quit: () => app.quit(),
  };
  const handlers = createIpcHandlers(backend, (id) => windows.isOurWebContents(id));
  for (const [name, handler] of Object.entries(handlers) as Array<[InvokeChannel, IpcHandler]>) {
    ipcMain.handle(IPC_CHANNELS[name], (event, ...args: unknown[]) => handler(senderOf(event), args));
  }

  powerMonitor.on('resume', () => controller.systemResumed());
  const wentOnline = createOnlineTracker(net.isOnline());
  const onlinePoll = setInterval(() => {
    if (wentOnline(net.isOnline())) controller.networkOnline();
  }, ONLINE_POLL_MS);
  // Countdowns in the tooltip and the stale dimming move with time, not only with refreshes.
  const tick = setInterval(() => tray.update(controller.getState()), TICK_MS);

  app.on('second-instance', () => windows.showPopover(tray.bounds()));
  app.on('before-quit', () => {
    clearInterval(onlinePoll);
    clearInterval(tick);
    unsubscribe();
    controller.dispose();
    windows.destroyAll();
    tray.destroy();
  });
  let flushed = false;
  app.on('will-quit', (event) => {
    if (flushed) return;
    event.preventDefault();
    // The cost worker is stopped (bounded, so a stuck scan never blocks quitting) and the secret saved.
    const costStopped = Promise.race([stopCostWorker(), new Promise((resolve) => setTimeout(resolve, 3000))]);
    void Promise.allSettled([secretStore.flush(), costStopped]).finally(() => {
      flushed = true;
      app.exit(0);
    });
  });

  if (controller.getState().settings.launchAtLogin) applyLoginItem(true);
  windows.ensurePopover();
  controller.start();
  logger.info(`started ${PRODUCT_NAME} ${app.getVersion()} on ${process.platform}`);
}

if (!app.requestSingleInstanceLock()) {
  // Another QuotaBar is running; it shows its popover on 'second-instance'.
  app.quit();
} else {
  // A tray app lives on with no windows open.
  app.on('window-all-closed', () => {});
  app
    .whenReady()
    .then(startApp)
    .catch((error: unknown) => {
      process.stderr.write(`QuotaBar failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      app.exit(1);
    });
}
