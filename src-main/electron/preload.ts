// The preload: `window.kpat` (the KpatBridge contract) over ipcRenderer, exposed through
// contextBridge into an isolated, sandboxed page. It hands the page only these functions,
// never ipcRenderer itself. Bundled by electron-vite; it may import only `electron` and
// modules free of Node imports (a sandboxed preload cannot load Node modules).

import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { AppCommand, KpatBridge, RunEvent } from '../contract/ipc';
import { COMMAND_NAMES, commandChannel, EVENT_CHANNEL, GRANT_DROPPED_CHANNEL, type CommandName, type CommandReply } from '../core/app/commands';
import type { MainToRendererMessage } from './ipc';

async function invoke<T>(name: CommandName, ...args: unknown[]): Promise<T> {
  const reply = (await ipcRenderer.invoke(commandChannel(name), ...args)) as CommandReply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as T;
}

const runListeners = new Set<(event: RunEvent) => void>();
const appListeners = new Set<(command: AppCommand) => void>();

ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, message: MainToRendererMessage) => {
  if (message.kind === 'run') for (const l of [...runListeners]) l(message.event);
  else for (const l of [...appListeners]) l(message.command);
});

// Every command of the shared table, as `name(...args) → invoke('kpat:name', ...args)`.
const commands = Object.fromEntries(COMMAND_NAMES.map((name) => [name, (...args: unknown[]) => invoke(name, ...args)])) as Pick<KpatBridge, CommandName>;

const bridge: KpatBridge = {
  ...commands,
  pathForDroppedFile(file) {
    // Only a real dropped File has a path; page script cannot forge one. Main learns of it
    // synchronously, so the scan the page asks for next is already allowed.
    const path = webUtils.getPathForFile(file);
    if (!path) return null;
    return ipcRenderer.sendSync(GRANT_DROPPED_CHANNEL, path) === true ? path : null;
  },
  onRunEvent(listener) {
    runListeners.add(listener);
    return () => {
      runListeners.delete(listener);
    };
  },
  onAppCommand(listener) {
    appListeners.add(listener);
    return () => {
      appListeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('kpat', bridge);
