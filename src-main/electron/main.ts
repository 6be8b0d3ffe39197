// The Electron main process: one window, the native menu, single instance, window bounds
// remembered, taskbar progress and no sleep during a run, and the IPC wiring to AppCore.
// Security: the renderer is served from a privileged app:// origin with a strict CSP, runs
// sandboxed and context-isolated without Node, cannot navigate or open windows, and every
// IPC call is checked for its sender and its arguments.

import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, powerSaveBlocker, protocol, screen, session, shell, type WebContents } from 'electron';
import { createAppCore } from '../core/app/create-app-core';
import { createDispatcher, type HostShell } from '../core/app/dispatch';
import type { AppCore } from '../core/app/app-core';
import { APP_ORIGIN, APP_SCHEME, isTrustedSender, sendToRenderer, wireIpc } from './ipc';
import { guardWebContents, rendererProtocolHandler, secureWebPreferences } from './security';
import { buildMenuTemplate } from './menu';
import { RunIndicators } from './run-indicators';
import { PDF_WINDOW_OPTIONS, printHtmlToPdf } from './report-pdf';
import { UtilityLauncher } from './utility-spawner';
import { DEFAULT_WINDOW, fitToDisplays, loadWindowState, MIN_SIZE, saveWindowState, stateFromWindow } from './window-state';

const APP_NAME = 'KP Analysis Toolkit';
// Tests and portable use: a separate settings folder.
if (process.env.KPAT_USER_DATA) app.setPath('userData', resolve(process.env.KPAT_USER_DATA));

// Must happen before `ready`: app:// behaves like https (secure context, fetch, origin).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const trustedOrigins = [APP_ORIGIN, ...(devServerUrl ? [new URL(devServerUrl).origin] : [])];
const rendererDir = join(__dirname, '../renderer');
const log = (message: string) => console.log(`[kpat] ${message}`);

let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, rendererProtocolHandler(rendererDir, (url) => net.fetch(url)));
}

function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, trustedOrigins, log));
  // The app needs no camera, notifications, geolocation …
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

async function createWindow(): Promise<BrowserWindow> {
  const userData = app.getPath('userData');
  const saved = fitToDisplays(await loadWindowState(userData), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...(saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    width: saved.width || DEFAULT_WINDOW.width,
    height: saved.height || DEFAULT_WINDOW.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: APP_NAME,
    show: false,
    // Installed apps take the icon from the package; in development use the source one.
    ...(app.isPackaged ? {} : { icon: join(__dirname, '../../build/icon.png') }),
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js'), !app.isPackaged),
  });
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  // Save the bounds before the window goes (the process may end right after).
  let saving = false;
  win.on('close', (event) => {
    if (saving) return;
    event.preventDefault();
    saving = true;
    saveWindowState(userData, stateFromWindow(win.getNormalBounds(), win.isMaximized()))
      .catch((err: unknown) => log(`could not save the window position: ${(err as Error).message}`))
      .finally(() => win.close());
  });

  return win;
}

function electronShell(getWindow: () => BrowserWindow | null): HostShell {
  const parent = () => getWindow() ?? undefined;
  const pick = async (options: Electron.OpenDialogOptions) => {
    const win = parent();
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  return {
    chooseFolder: () => pick({ title: 'Open a folder of audit results', properties: ['openDirectory'] }),
    chooseSearchFile: () =>
      pick({ title: 'Open a search file', properties: ['openFile'], filters: [{ name: 'YAML search files', extensions: ['yaml', 'yml'] }] }),
    // electron.d.ts: on Windows and Linux a dialog cannot pick both files and folders (it shows a
    // folder picker); a results JSON there is opened by dropping it on the window.
    chooseResults: () =>
      pick(
        process.platform === 'darwin'
          ? { title: 'Open results', properties: ['openFile', 'openDirectory'], filters: [{ name: 'Run manifests and results JSON', extensions: ['json'] }] }
          : { title: 'Open a results folder', properties: ['openDirectory'] },
      ),
    async openPath(path) {
      const error = await shell.openPath(path);
      if (error) throw new Error(`Could not open ${path}: ${error}`);
    },
    async showInFolder(path) {
      shell.showItemInFolder(path);
    },
    printToPdf: (htmlPath, pdfPath) => printHtmlToPdf(() => new BrowserWindow(PDF_WINDOW_OPTIONS), htmlPath, pdfPath),
  };
}

function libraryDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'builtin-searches') : join(app.getAppPath(), 'builtin-searches');
}

async function start(): Promise<void> {
  serveRenderer();
  lockDownWebContents();
  const hostShell = electronShell(() => mainWindow);
  const appCore = await createAppCore({
    launcher: new UtilityLauncher(),
    workerModule: join(__dirname, 'worker.js'),
    userDataDir: app.getPath('userData'),
    cores: availableParallelism(),
    version: app.getVersion(),
    host: 'electron',
    platform: process.platform,
    libraryDir: libraryDir(),
    log,
  });
  core = appCore;

  const ownContents = (contents: WebContents) => mainWindow !== null && !mainWindow.isDestroyed() && contents === mainWindow.webContents;
  wireIpc({
    ipcMain,
    dispatch: createDispatcher(appCore, hostShell, log),
    isTrusted: (event) => isTrustedSender(event, trustedOrigins, ownContents),
    grantDroppedPath: (path) => appCore.grantDroppedPath(path),
    log,
  });

  const indicators = new RunIndicators({
    setProgress: (value, mode) => mainWindow?.setProgressBar(value, { mode }),
    preventSleep: () => powerSaveBlocker.start('prevent-app-suspension'),
    allowSleep: (id) => powerSaveBlocker.stop(id),
  });
  appCore.onRunEvent((event) => {
    indicators.handle(event);
    if (mainWindow && !mainWindow.isDestroyed()) sendToRenderer(mainWindow.webContents, { kind: 'run', event });
  });

  const template = buildMenuTemplate(
    process.platform,
    APP_NAME,
    {
      command: (command) => {
        if (mainWindow && !mainWindow.isDestroyed()) sendToRenderer(mainWindow.webContents, { kind: 'app', command });
      },
      about: () => {
        const options = {
          type: 'info' as const,
          title: `About ${APP_NAME}`,
          message: `${APP_NAME} ${app.getVersion()}`,
          detail: `Searches audit-script results with YAML-defined regex searches and exports Excel workbooks.\nElectron ${process.versions.electron}, Node ${process.versions.node}`,
        };
        void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
      },
    },
    !app.isPackaged,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  // Known as ours before the page loads: its first IPC calls come while it is still loading.
  const win = await createWindow();
  mainWindow = win;
  win.on('closed', () => {
    mainWindow = null;
    indicators.release();
  });
  await win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  // Another copy runs: it gets focus (second-instance below), this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  // Workers are stopped before the process ends, so none outlives the app.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed || !core) return;
    event.preventDefault();
    disposed = true;
    core
      .dispose()
      .catch((err: unknown) => log(`shutdown: ${(err as Error).message}`))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      dialog.showErrorBox(APP_NAME, `The app could not start: ${err instanceof Error ? err.message : String(err)}`);
      app.exit(1);
    });
}
