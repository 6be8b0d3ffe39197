// main.ts wired up against a typed fake of the `electron` module (the real binary is not
// available here): it must register the privileged scheme, take the single-instance lock,
// open one sandboxed window on app://kpat, answer IPC only from that window, set the menu,
// and stop the workers before quitting.
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { App, BrowserWindowConstructorOptions, CustomScheme, IpcMainInvokeEvent, MenuItemConstructorOptions, PowerSaveBlocker, Protocol, Rectangle, Shell } from 'electron';
import type { IpcMainLike } from './ipc';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, type CommandReply } from '../core/app/commands';

const fake = vi.hoisted(() => ({
  userData: '',
  windows: [] as unknown[],
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, unknown>(),
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  listeners: new Map<string, unknown>(),
  menu: null as unknown,
  /** What the page's first IPC call got, made while the page was still loading. */
  replyDuringLoad: null as unknown,
  quit: 0,
  forked: 0,
  lock: 0,
  app: null as unknown,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { PassThrough: Pass } = await import('node:stream');

  class FakeWebContents extends Emitter {
    sent: unknown[] = [];
    send(channel: string, message: unknown) {
      this.sent.push([channel, message]);
    }
    isDestroyed() {
      return false;
    }
    setWindowOpenHandler() {}
  }
  class FakeBrowserWindow extends Emitter {
    webContents = new FakeWebContents();
    loaded: string | null = null;
    progress: unknown[] = [];
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      fake.windows.push(this);
    }
    async loadURL(url: string) {
      const appInfo = fake.handlers.get('kpat:appInfo');
      fake.replyDuringLoad = appInfo ? await appInfo({ senderFrame: { url, parent: null }, sender: this.webContents }) : 'no handler';
      this.loaded = url;
    }
    maximize() {}
    isMaximized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
    getNormalBounds(): Rectangle {
      return { x: 1, y: 2, width: 1000, height: 700 };
    }
    setProgressBar(value: number) {
      this.progress.push(value);
    }
    show() {}
    close() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
  }
  class FakeUtilityProcess extends Emitter {
    pid = 4242;
    stdout = new Pass();
    stderr = new Pass();
    postMessage() {}
    kill() {
      this.emit('exit', 0);
      return true;
    }
  }
  // `satisfies` checks each fake member against Electron's own typings.
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    setPath: (_name: string, path: string) => void (fake.userData = path),
    getPath: () => fake.userData,
    getVersion: () => '9.9.9',
    getAppPath: () => resolve(__dirname, '../..'),
    requestSingleInstanceLock: () => {
      fake.lock++;
      return true;
    },
    whenReady: () => Promise.resolve(),
    quit: () => void fake.quit++,
    exit: () => undefined,
  } satisfies Partial<Pick<App, 'isPackaged' | 'setPath' | 'getPath' | 'getVersion' | 'getAppPath' | 'requestSingleInstanceLock' | 'whenReady' | 'quit' | 'exit'>>);
  fake.app = app;
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: CustomScheme[]) => void fake.schemes.push(...schemes),
      handle: (scheme: string, handler: unknown) => void fake.protocolHandlers.set(scheme, handler),
    } satisfies Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>,
    net: { fetch: async () => new Response('x') },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showMessageBox: async () => ({ response: 0 }), showErrorBox: () => undefined },
    shell: { openPath: async () => '', showItemInFolder: () => undefined } satisfies Pick<Shell, 'openPath' | 'showItemInFolder'>,
    ipcMain: {
      handle: (channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>) =>
        void fake.handlers.set(channel, handler as (event: unknown, ...args: unknown[]) => Promise<unknown>),
      on: (channel: string, listener: unknown) => void fake.listeners.set(channel, listener),
      removeHandler: (channel: string) => void fake.handlers.delete(channel),
      removeAllListeners: (channel: string) => void fake.listeners.delete(channel),
    } satisfies IpcMainLike,
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }),
      setApplicationMenu: (menu: unknown) => void (fake.menu = menu),
    },
    powerSaveBlocker: { start: () => 1, stop: () => true } satisfies Pick<PowerSaveBlocker, 'start' | 'stop'>,
    utilityProcess: {
      fork: () => {
        fake.forked++;
        return new FakeUtilityProcess();
      },
    },
  };
});

type FakeWindow = EventEmitter & { options: BrowserWindowConstructorOptions; loaded: string | null; webContents: EventEmitter & { sent: unknown[] } };

const userData = await mkdtemp(join(tmpdir(), 'kpat-main-'));
process.env.KPAT_USER_DATA = userData;
await import('./main');
await vi.waitFor(() => {
  if ((fake.windows[0] as FakeWindow | undefined)?.loaded == null) throw new Error('no window yet');
});
const win = fake.windows[0] as FakeWindow;

afterAll(async () => {
  await rm(userData, { recursive: true, force: true });
});

function invoke(channel: string, url: string, sender: unknown, ...args: unknown[]): Promise<CommandReply> {
  const handler = fake.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const event = { senderFrame: { url, parent: null }, sender } as unknown as IpcMainInvokeEvent;
  return handler(event, ...args) as Promise<CommandReply>;
}

describe('Electron main (with a fake electron module)', () => {
  it('registers app:// as privileged, takes the single-instance lock and uses the user-data override', () => {
    expect(fake.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.protocolHandlers.has('app')).toBe(true);
    expect(fake.lock).toBe(1);
    expect(fake.userData).toBe(resolve(userData));
  });

  it('opens one sandboxed, isolated window on app://kpat', () => {
    expect(fake.windows).toHaveLength(1);
    expect(win.loaded).toBe('app://kpat/index.html');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win.options.webPreferences?.preload).toMatch(/preload[\\/]index\.js$/);
  });

  it('answers the page already while it loads', () => {
    expect(fake.replyDuringLoad).toMatchObject({ ok: true, value: { host: 'electron' } });
  });

  it('answers IPC from its own window only', async () => {
    const ok = await invoke('kpat:appInfo', 'app://kpat/index.html', win.webContents);
    expect(ok).toEqual({ ok: true, value: { version: '9.9.9', cores: expect.any(Number), host: 'electron', platform: process.platform } });
    expect(await invoke('kpat:appInfo', 'https://evil.example/', win.webContents)).toEqual({ ok: false, error: 'This page may not use the app.' });
    expect(await invoke('kpat:appInfo', 'app://kpat/index.html', new EventEmitter())).toEqual({ ok: false, error: 'This page may not use the app.' });
    expect(fake.handlers.size).toBe(COMMAND_NAMES.length);
  });

  it('sets a menu whose commands reach the page', () => {
    const template = (fake.menu as { template: MenuItemConstructorOptions[] }).template;
    const file = template.find((m) => m.label === '&File');
    const open = (file?.submenu as MenuItemConstructorOptions[]).find((i) => i.label === 'Open Folder…');
    (open?.click as () => void)();
    expect(win.webContents.sent).toContainEqual(['kpat:event', { kind: 'app', command: 'open-folder' }]);
  });

  it('starts the workers through utilityProcess and stops them before quitting', async () => {
    expect(fake.forked).toBeGreaterThan(0);
    const app = fake.app as EventEmitter;
    let prevented = false;
    app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => {
      if (fake.quit === 0) throw new Error('not quit yet');
    });
  });
});
