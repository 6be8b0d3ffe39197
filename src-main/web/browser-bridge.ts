// The `window.kpat` implementation for the browser host: the KpatBridge contract spoken over a
// WebSocket. `installBrowserBridge` is serialised with Function.prototype.toString and runs in
// the page, so it must be self-contained: no imports used at run time, no outer variables.
// Its inputs are passed in, which also lets Node tests run it against the `ws` client.

import type { AppCommand, KpatBridge, RunEvent } from '../contract/ipc';
import type { ClientMessage, HostMessage } from './ws-protocol';

/** The part of a WebSocket the bridge uses: the DOM one and the `ws` package both have it. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface BridgeTarget {
  kpat?: KpatBridge;
}

/**
 * `download(path)` hands a file the host agreed to open to the browser (a download), since a
 * workbook on the host cannot be opened on the user's screen any other way.
 */
export function installBrowserBridge(
  target: BridgeTarget,
  openSocket: () => SocketLike,
  commandNames: readonly string[],
  download?: (path: string) => void,
): KpatBridge {
  const OPEN = 1;
  let socket: SocketLike | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; text: string }>();
  const queued: string[] = [];
  const runListeners = new Set<(event: RunEvent) => void>();
  const appListeners = new Set<(command: AppCommand) => void>();

  function connect(): SocketLike {
    const s = openSocket();
    s.addEventListener('open', () => {
      for (const text of queued.splice(0)) s.send(text);
    });
    s.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      const msg = JSON.parse(event.data) as HostMessage;
      if (msg.t === 'reply') {
        const call = pending.get(msg.id);
        if (!call) return;
        pending.delete(msg.id);
        if (msg.reply.ok) call.resolve(msg.reply.value);
        else call.reject(new Error(msg.reply.error));
      } else if (msg.t === 'run-event') {
        for (const l of Array.from(runListeners)) l(msg.event);
      } else if (msg.t === 'app-command') {
        for (const l of Array.from(appListeners)) l(msg.command);
      }
    });
    s.addEventListener('close', () => {
      if (socket === s) socket = null;
      for (const [id, call] of Array.from(pending)) {
        pending.delete(id);
        call.reject(new Error('The connection to the KP Analysis Toolkit host was lost. Is it still running?'));
      }
    });
    return s;
  }

  function call<T>(cmd: string, args: unknown[]): Promise<T> {
    const id = nextId++;
    const msg: ClientMessage = { t: 'call', id, cmd, args };
    const text = JSON.stringify(msg);
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, text });
      if (!socket) socket = connect();
      if (socket.readyState === OPEN) socket.send(text);
      else queued.push(text);
    });
  }

  // Every command of the shared table (passed in: this function cannot import it).
  const commands: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of commandNames) commands[name] = (...args: unknown[]) => call(name, args);

  const local: Pick<KpatBridge, 'openPath' | 'pathForDroppedFile' | 'onRunEvent' | 'onAppCommand'> = {
    openPath: (path) =>
      call<void>('openPath', [path]).then(() => {
        if (download) download(path);
      }),
    // A browser never reveals where a dropped file lives.
    pathForDroppedFile: () => null,
    onRunEvent(listener) {
      runListeners.add(listener);
      if (!socket) socket = connect();
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
  // The table names every command of the contract (checked where it is defined).
  const bridge = { ...commands, ...local } as unknown as KpatBridge;
  target.kpat = Object.freeze(bridge);
  // Connect at once so that run events reach the page even before its first call.
  socket = connect();
  return bridge;
}

/**
 * The script the host serves to the page: the function above, called with the page's own
 * WebSocket and a download link. It carries no secret: the socket and the downloads are
 * authorised by the session cookie the browser sends with them (see web-session.ts).
 */
export function browserBridgeScript(wsPath: string, filePath: string, commandNames: readonly string[]): string {
  const url = `(location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + ${JSON.stringify(wsPath)}`;
  const download = `function (path) {
  var a = document.createElement('a');
  a.href = ${JSON.stringify(`${filePath}?path=`)} + encodeURIComponent(path);
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}`;
  return `"use strict";\n(${installBrowserBridge.toString()})(window, function () { return new WebSocket(${url}); }, ${JSON.stringify(commandNames)}, ${download});\n`;
}
