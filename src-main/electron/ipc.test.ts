import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commandChannel, GRANT_DROPPED_CHANNEL, type CommandReply } from '../core/app/commands';
import { createDispatcher, type CoreCommands, type HostShell } from '../core/app/dispatch';
import { APP_ORIGIN, isTrustedSender, isTrustedUrl, wireIpc, type IpcMainLike } from './ipc';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;
type Listener = (event: IpcMainEvent, ...args: unknown[]) => void;

/** A typed fake of the part of ipcMain the wiring uses; tsc checks it against Electron's own types. */
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Handler>();
  listeners = new Map<string, Listener>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string): void {
    this.listeners.delete(channel);
  }
}

const ourContents = { id: 1 } as WebContents;
const otherContents = { id: 2 } as WebContents;

function eventFrom(url: string, opts: { sub?: boolean; contents?: WebContents } = {}) {
  const frame = { url, parent: opts.sub ? ({} as WebFrameMain) : null } as WebFrameMain;
  return { senderFrame: frame, sender: opts.contents ?? ourContents, returnValue: undefined as unknown } as IpcMainInvokeEvent & IpcMainEvent;
}

function setup() {
  const ipc = new FakeIpcMain();
  const granted: string[] = [];
  const scanned: string[] = [];
  const core = {
    scanFolder: async (root: string) => {
      scanned.push(root);
      return { root, systems: [], skipped: [], filesFound: 0, totalBytes: 0, emptyReason: null };
    },
    grantPath: (p: string) => granted.push(p),
    openableFile: async (p: string) => p,
  } as unknown as CoreCommands;
  const shell: HostShell = {
    chooseFolder: async () => '/picked',
    chooseSearchFile: async () => null,
    chooseResults: async () => null,
    openPath: async () => undefined,
    showInFolder: async () => undefined,
    printToPdf: async () => undefined,
  };
  const trusted = [APP_ORIGIN];
  const unwire = wireIpc({
    ipcMain: ipc,
    dispatch: createDispatcher(core, shell),
    isTrusted: (e) => isTrustedSender(e, trusted, (c) => c === ourContents),
    grantDroppedPath: (p) => granted.push(p),
    log: () => undefined,
  });
  return { ipc, granted, scanned, unwire };
}

// The real ipcMain must fit the interface the wiring asks for.
const _realFits: (real: IpcMain) => IpcMainLike = (real) => real;
void _realFits;

describe('IPC wiring', () => {
  it('registers one handler per command and removes them again', () => {
    const { ipc, unwire } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    unwire();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.listeners.size).toBe(0);
  });

  it('dispatches calls from our own page and grants the folder a dialog returned', async () => {
    const { ipc, granted, scanned } = setup();
    const choose = ipc.handlers.get(commandChannel('chooseFolder')) as Handler;
    expect(await choose(eventFrom(`${APP_ORIGIN}/index.html`))).toEqual({ ok: true, value: '/picked' });
    expect(granted).toEqual(['/picked']);
    const scan = ipc.handlers.get(commandChannel('scanFolder')) as Handler;
    const reply = (await scan(eventFrom(`${APP_ORIGIN}/index.html`), '/picked')) as CommandReply;
    expect(reply.ok).toBe(true);
    expect(scanned).toEqual(['/picked']);
  });

  it('refuses other origins, sub-frames and other web contents before looking at arguments', async () => {
    const { ipc, scanned } = setup();
    const scan = ipc.handlers.get(commandChannel('scanFolder')) as Handler;
    for (const event of [
      eventFrom('https://evil.example/'),
      eventFrom('file:///tmp/x.html'),
      eventFrom(`${APP_ORIGIN}/index.html`, { sub: true }),
      eventFrom(`${APP_ORIGIN}/index.html`, { contents: otherContents }),
    ]) {
      expect(await scan(event, '/etc')).toEqual({ ok: false, error: 'This page may not use the app.' });
    }
    expect(scanned).toEqual([]);
  });

  it('validates arguments of trusted calls', async () => {
    const { ipc } = setup();
    const scan = ipc.handlers.get(commandChannel('scanFolder')) as Handler;
    expect(await scan(eventFrom(`${APP_ORIGIN}/`), 42)).toEqual({ ok: false, error: 'scanFolder: root must be an absolute path, got 42' });
  });

  it('grants dropped paths only from our page, and only absolute ones', () => {
    const { ipc, granted } = setup();
    const grant = ipc.listeners.get(GRANT_DROPPED_CHANNEL) as Listener;
    const ok = eventFrom(`${APP_ORIGIN}/`);
    grant(ok, '/dropped/folder');
    expect(ok.returnValue).toBe(true);
    const evil = eventFrom('https://evil.example/');
    grant(evil, '/etc');
    expect(evil.returnValue).toBe(false);
    const rel = eventFrom(`${APP_ORIGIN}/`);
    grant(rel, 'relative');
    expect(rel.returnValue).toBe(false);
    expect(granted).toEqual(['/dropped/folder']);
  });

  it('compares origins exactly', () => {
    expect(isTrustedUrl('app://kpat/index.html', [APP_ORIGIN])).toBe(true);
    expect(isTrustedUrl('app://kpat.evil/index.html', [APP_ORIGIN])).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', ['http://localhost:5173'])).toBe(true);
    expect(isTrustedUrl('not a url', [APP_ORIGIN])).toBe(false);
    expect(isTrustedUrl(undefined, [APP_ORIGIN])).toBe(false);
  });
});
