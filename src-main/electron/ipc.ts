// IPC wiring: one invoke channel per command, one event channel to the renderer. Every call is
// checked for its sender (our own top-level page, served from our own origin) before its
// arguments are validated and it is dispatched; an unknown frame gets a refusal, never a result.

import { isAbsolute } from 'node:path';
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import type { AppCommand, RunEvent } from '../contract/ipc';
import { COMMAND_NAMES, commandChannel, EVENT_CHANNEL, GRANT_DROPPED_CHANNEL, type CommandReply } from '../core/app/commands';
import type { CommandDispatcher } from '../core/app/dispatch';

/** What crosses EVENT_CHANNEL. */
export type MainToRendererMessage = { kind: 'run'; event: RunEvent } | { kind: 'app'; command: AppCommand };

/** The origin our renderer is served from (a privileged `app://` scheme), plus the dev server in development. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kpat';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isTrustedUrl(url: string | undefined, trustedOrigins: readonly string[]): boolean {
  if (!url) return false;
  let origin: string;
  try {
    const parsed = new URL(url);
    // Non-special schemes report origin "null"; build it the way we compare it.
    origin = parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return false;
  }
  return trustedOrigins.includes(origin);
}

type SenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'senderFrame' | 'sender'>;

/** True for calls from the top frame of one of our windows, showing our own page. */
export function isTrustedSender(event: SenderEvent, trustedOrigins: readonly string[], ownContents: (contents: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!ownContents(event.sender)) return false;
  return isTrustedUrl(frame.url, trustedOrigins);
}

/** The part of ipcMain the wiring uses (the real ipcMain satisfies it; tests pass a typed fake). */
export interface IpcMainLike {
  handle: IpcMain['handle'];
  removeHandler: IpcMain['removeHandler'];
  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): unknown;
  removeAllListeners(channel: string): unknown;
}

export interface IpcWiring {
  ipcMain: IpcMainLike;
  dispatch: CommandDispatcher;
  isTrusted(event: SenderEvent): boolean;
  /** A path the preload resolved from a real drop (webUtils.getPathForFile). */
  grantDroppedPath(path: string): void;
  log(message: string): void;
}

export function wireIpc(w: IpcWiring): () => void {
  for (const name of COMMAND_NAMES) {
    w.ipcMain.handle(commandChannel(name), async (event, ...args: unknown[]): Promise<CommandReply> => {
      if (!w.isTrusted(event)) {
        w.log(`refused ${name} from ${event.senderFrame?.url ?? 'a closed frame'}`);
        return { ok: false, error: 'This page may not use the app.' };
      }
      return w.dispatch(name, args);
    });
  }
  w.ipcMain.on(GRANT_DROPPED_CHANNEL, (event: IpcMainEvent, path: unknown) => {
    const ok = w.isTrusted(event) && typeof path === 'string' && path.length < 4096 && isAbsolute(path);
    if (ok) w.grantDroppedPath(path);
    event.returnValue = ok;
  });
  return () => {
    for (const name of COMMAND_NAMES) w.ipcMain.removeHandler(commandChannel(name));
    w.ipcMain.removeAllListeners(GRANT_DROPPED_CHANNEL);
  };
}

export function sendToRenderer(contents: Pick<WebContents, 'send' | 'isDestroyed'>, message: MainToRendererMessage): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
}
