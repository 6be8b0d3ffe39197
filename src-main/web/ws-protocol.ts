// Messages between the browser bridge (in the page) and the browser host, as JSON text frames.
import type { AppCommand, RunEvent } from '../contract/ipc';
import type { CommandReply } from '../core/app/commands';

export type ClientMessage = { t: 'call'; id: number; cmd: string; args: unknown[] };

export type HostMessage =
  | { t: 'reply'; id: number; reply: CommandReply }
  | { t: 'run-event'; event: RunEvent }
  | { t: 'app-command'; command: AppCommand };

export const WS_PATH = '/__kpat/ws';
export const BRIDGE_SCRIPT_PATH = '/__kpat/bridge.js';
/** Downloads of files the app may open (what a run wrote): `?path=…`, with the session cookie. */
export const FILE_PATH = '/__kpat/file';
