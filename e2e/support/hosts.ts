// Starting the app under test: the browser host (a Node process + Chromium) or the Electron
// app. Both give a Page showing the UI, a way to restart with the same user data, and the
// list of "open workbook" / "show in folder" requests the app made.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron, chromium, type Browser, type ElectronApplication, type LaunchOptions, type Page } from '@playwright/test';
import { repoRoot } from './paths';

export interface HostConfig {
  userDataDir: string;
  /** What "Open folder…" / "Open search file…" return. */
  pickFolder: string | null;
  pickFile: string | null;
  /** What "Open results…" returns. */
  pickResults: string | null;
  /** Where the browser host records open requests. */
  openLog: string;
}

export interface OpenRequest {
  action: 'open' | 'show';
  path: string;
}

export interface RunningApp {
  readonly page: Page;
  restart(): Promise<void>;
  openRequests(): Promise<OpenRequest[]>;
  close(): Promise<void>;
}

/**
 * The Electron binary, or null when it is not installed (npm could not download it). Found the
 * way the `electron` package does, without requiring it: requiring it would try to download.
 */
export function electronBinary(): string | null {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(join(repoRoot, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, executable ?? 'electron') : executable ? join(pkgDir, 'dist', executable) : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

// ---- browser host

class BrowserHostApp implements RunningApp {
  private host: ChildProcess | null = null;
  private browser: Browser | null = null;
  private currentPage: Page | null = null;
  private readonly log: string[] = [];

  constructor(
    private readonly config: HostConfig,
    private readonly launchOptions: LaunchOptions,
  ) {}

  get page(): Page {
    if (!this.currentPage) throw new Error('the app is not running');
    return this.currentPage;
  }

  async start(): Promise<void> {
    const url = await this.startHost();
    this.browser ??= await chromium.launch(this.launchOptions);
    this.currentPage ??= await this.browser.newPage({ viewport: { width: 1360, height: 900 } });
    await this.currentPage.goto(url);
  }

  private startHost(): Promise<string> {
    const child = spawn(process.execPath, [join(repoRoot, 'out/main/web.js'), '--port', '0'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        KPAT_USER_DATA: this.config.userDataDir,
        KPAT_WEB_PICK_FOLDER: this.config.pickFolder ?? '',
        KPAT_WEB_PICK_FILE: this.config.pickFile ?? '',
        KPAT_WEB_PICK_RESULTS: this.config.pickResults ?? '',
        KPAT_WEB_OPEN_LOG: this.config.openLog,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.host = child;
    child.stderr?.on('data', (d: Buffer) => this.log.push(d.toString()));
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the browser host did not start:\n${out}${this.log.join('')}`)), 30_000);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        // The launch address (with its one-time token): opening it gives the page its session cookie.
        const m = /running at (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the browser host exited with ${code}:\n${out}${this.log.join('')}`));
      });
    });
  }

  private async stopHost(): Promise<void> {
    const child = this.host;
    this.host = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.stopHost();
    await this.start();
  }

  async openRequests(): Promise<OpenRequest[]> {
    const text = await readFile(this.config.openLog, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as OpenRequest);
  }

  async close(): Promise<void> {
    await this.browser?.close();
    this.browser = null;
    this.currentPage = null;
    await this.stopHost();
  }
}

// ---- Electron

class ElectronApp implements RunningApp {
  private app: ElectronApplication | null = null;
  private currentPage: Page | null = null;

  constructor(
    private readonly config: HostConfig,
    private readonly executablePath: string,
  ) {}

  get page(): Page {
    if (!this.currentPage) throw new Error('the app is not running');
    return this.currentPage;
  }

  async start(): Promise<void> {
    const app = await _electron.launch({
      executablePath: this.executablePath,
      // The package folder (its "main" is out/main/index.js), so that app.getAppPath() is the
      // repository and the built-in library is found beside it.
      args: [repoRoot],
      cwd: repoRoot,
      env: { ...process.env, KPAT_USER_DATA: this.config.userDataDir } as Record<string, string>,
    });
    this.app = app;
    // The native dialogs are replaced by ones that answer at once; opening files is recorded.
    await app.evaluate(({ dialog, shell }, picks) => {
      const g = globalThis as { __kpatOpened?: { action: string; path: string }[] };
      g.__kpatOpened = [];
      const answer = (...args: unknown[]) => {
        const options = args[args.length - 1] as { properties?: string[]; title?: string };
        const path = /results/i.test(options.title ?? '') ? picks.results : options.properties?.includes('openDirectory') ? picks.folder : picks.file;
        return Promise.resolve({ canceled: path === null, filePaths: path === null ? [] : [path] });
      };
      dialog.showOpenDialog = answer as typeof dialog.showOpenDialog;
      shell.openPath = (path: string) => {
        g.__kpatOpened?.push({ action: 'open', path });
        return Promise.resolve('');
      };
      shell.showItemInFolder = (path: string) => {
        g.__kpatOpened?.push({ action: 'show', path });
      };
    }, { folder: this.config.pickFolder, file: this.config.pickFile, results: this.config.pickResults });
    this.currentPage = await app.firstWindow();
    await this.currentPage.waitForLoadState('domcontentloaded');
  }

  async restart(): Promise<void> {
    await this.close();
    await this.start();
  }

  async openRequests(): Promise<OpenRequest[]> {
    if (!this.app) return [];
    return this.app.evaluate(() => (globalThis as { __kpatOpened?: OpenRequest[] }).__kpatOpened ?? []);
  }

  async close(): Promise<void> {
    await this.app?.close();
    this.app = null;
    this.currentPage = null;
  }
}

export async function launchApp(kind: 'browser' | 'electron', config: HostConfig, launchOptions: LaunchOptions): Promise<RunningApp> {
  if (kind === 'browser') {
    const app = new BrowserHostApp(config, launchOptions);
    await app.start();
    return app;
  }
  const binary = electronBinary();
  if (!binary) throw new Error('the Electron binary is not installed');
  const app = new ElectronApp(config, binary);
  await app.start();
  return app;
}
