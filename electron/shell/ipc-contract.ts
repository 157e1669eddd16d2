// The IPC surface between the preload bridge and the main process: channel names, the validation
// of every input, and the sender check. Kept free of Electron at runtime so it is tested under Node.
import { z } from 'zod';
import type { AppState, SaveSettingsResult, SettingsPatch } from '../../shared/quotabar-api.js';
import { checkCookieHeader, MAX_COOKIE_HEADER_LENGTH } from '../../shared/cookie-header.js';
import { isAppUrl } from '../core/desktop/app-protocol.js';
import { issuesToErrors, settingsPatchSchema } from '../core/settings/settings-schema.js';
import { resetCreditUseSchema } from '../core/reset-credits/reset-credit-schema.js';
import type { ResetCreditUseRequest, ResetCreditUseResult } from '../../shared/reset-credits.js';

import { IPC_CHANNELS } from './ipc-channels.js';

export { IPC_CHANNELS };

export type InvokeChannel = Exclude<keyof typeof IPC_CHANNELS, 'event'>;

/**
 * A pasted Cookie header, checked with the same rules the preferences field uses as the person
 * types (shared/cookie-header.ts). Messages never repeat the value: it is a secret.
 */
export const cookieHeaderSchema = z
  .string({ message: 'must be text' })
  .max(MAX_COOKIE_HEADER_LENGTH + 1024, { message: 'is longer than any Cookie header' })
  .superRefine((value, ctx) => {
    const check = checkCookieHeader(value);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.error ?? 'is not a Cookie header' });
  });

const noArgs = z.tuple([], { message: 'takes no arguments' });

export const IPC_INPUTS = {
  getState: noArgs,
  refresh: noArgs,
  saveSettings: z.tuple([settingsPatchSchema]),
  setManualCookieHeader: z.tuple([cookieHeaderSchema.nullable()]),
  useResetCredit: z.tuple([resetCreditUseSchema]),
  openPreferences: noArgs,
  closeWindow: noArgs,
  quit: noArgs,
} satisfies Record<InvokeChannel, z.ZodType>;

/** Who sent a message: the webContents id and the URL of the frame that sent it. */
export interface IpcSender {
  webContentsId: number;
  frameUrl: string;
  /** Whether it came from the top frame (not an iframe). */
  isMainFrame: boolean;
}

/** What the handlers drive; in the app this is the app controller plus the window manager. */
export interface IpcBackend {
  getState(): AppState;
  refresh(): Promise<void>;
  saveSettings(patch: SettingsPatch): SaveSettingsResult;
  setManualCookieHeader(header: string | null): SaveSettingsResult;
  useResetCredit(request: ResetCreditUseRequest): Promise<ResetCreditUseResult>;
  openPreferences(): void;
  closeWindow(webContentsId: number): void;
  quit(): void;
}

export class IpcRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpcRejection';
  }
}

export type IpcHandler = (sender: IpcSender, args: unknown[]) => Promise<unknown>;

/**
 * One handler per channel. Each checks the sender (our own page, top frame, one of our windows),
 * then validates its arguments before anything runs. Invalid settings come back as field errors,
 * the way the store reports them; anything else is refused with an error naming only the channel.
 */
export function createIpcHandlers(backend: IpcBackend, isOurWebContents: (id: number) => boolean): Record<InvokeChannel, IpcHandler> {
  const guard = <A>(
    channel: InvokeChannel,
    sender: IpcSender,
    args: unknown[],
  ): { ok: true; args: A } | { ok: false; errors: Array<{ path: string; message: string }> } => {
    if (!isTrustedSender(sender, isOurWebContents)) throw new IpcRejection(`${IPC_CHANNELS[channel]}: refused a message from an untrusted sender`);
    const parsed = IPC_INPUTS[channel].safeParse(args);
    if (parsed.success) return { ok: true, args: parsed.data as A };
    // Drop the tuple index so paths read as the field they name ("refresh.fixedMinutes").
    return { ok: false, errors: issuesToErrors(parsed.error.issues.map((i) => ({ ...i, path: i.path.slice(1) }))) };
  };
  const refuse = (channel: InvokeChannel, errors: Array<{ path: string; message: string }>): never => {
    throw new IpcRejection(
      `${IPC_CHANNELS[channel]}: invalid arguments (${errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`)).join('; ')})`,
    );
  };
  const simple =
    (channel: InvokeChannel, run: (sender: IpcSender) => unknown): IpcHandler =>
    async (sender, args) => {
      const checked = guard<[]>(channel, sender, args);
      if (!checked.ok) return refuse(channel, checked.errors);
      return run(sender);
    };
  return {
    getState: simple('getState', () => backend.getState()),
    refresh: simple('refresh', () => backend.refresh()),
    openPreferences: simple('openPreferences', () => backend.openPreferences()),
    closeWindow: simple('closeWindow', (sender) => backend.closeWindow(sender.webContentsId)),
    quit: simple('quit', () => backend.quit()),
    saveSettings: async (sender, args) => {
      const checked = guard<[SettingsPatch]>('saveSettings', sender, args);
      if (!checked.ok) return { ok: false, errors: checked.errors } satisfies SaveSettingsResult;
      return backend.saveSettings(checked.args[0]);
    },
    useResetCredit: async (sender, args) => {
      // Spends something: a malformed request is refused outright, never turned into a partial one.
      const checked = guard<[ResetCreditUseRequest]>('useResetCredit', sender, args);
      if (!checked.ok) return refuse('useResetCredit', checked.errors);
      return backend.useResetCredit(checked.args[0]);
    },
    setManualCookieHeader: async (sender, args) => {
      const checked = guard<[string | null]>('setManualCookieHeader', sender, args);
      if (!checked.ok) return { ok: false, errors: checked.errors.map((e) => ({ ...e, path: 'cookieHeader' })) } satisfies SaveSettingsResult;
      return backend.setManualCookieHeader(checked.args[0]);
    },
  };
}

export function isTrustedSender(sender: IpcSender, isOurWebContents: (id: number) => boolean): boolean {
  return sender.isMainFrame && isAppUrl(sender.frameUrl) && isOurWebContents(sender.webContentsId);
}
