// The browser host: `node out/main/web.js [--port N] [--root DIR]`.
// Serves the built renderer on 127.0.0.1 and runs the app core in this Node process, with
// the searches in child-process workers. Environment:
//   KPAT_USER_DATA        settings folder (default ~/.config/kpat-desktop)
//   KPAT_WEB_PICK_FOLDER  what "Open folder…" returns (default: --root)
//   KPAT_WEB_PICK_FILE    what "Open search file…" returns
//   KPAT_WEB_PICK_RESULTS what "Open results…" returns (default: <root>/results)
//   KPAT_WEB_OPEN_LOG     file that records "open workbook" / "show in folder" requests
// "Open workbook" also downloads the workbook to the browser.
//   KPAT_LIBRARY_DIR      the built-in search library (default: builtin-searches beside the app)

import { readFileSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAppCore } from '../core/app/create-app-core';
import { createDispatcher } from '../core/app/dispatch';
import { nodeLauncher } from '../core/pool/node-transport';
import { browserHostShell } from './host-shell';
import { startWebHost } from './web-host';
import { parseWebArgs, WEB_USAGE } from './web-args';

async function main(): Promise<void> {
  const parsed = parseWebArgs(process.argv.slice(2));
  if ('help' in parsed) {
    process.stdout.write(WEB_USAGE);
    return;
  }
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n\n${WEB_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const env = process.env;
  const log = (message: string) => process.stderr.write(`[kpat-web] ${message}\n`);
  const userDataDir = resolve(env.KPAT_USER_DATA || join(homedir(), '.config', 'kpat-desktop'));
  const appDir = resolve(__dirname, '../..');
  const core = await createAppCore({
    launcher: nodeLauncher,
    workerModule: join(__dirname, 'worker.js'),
    userDataDir,
    cores: availableParallelism(),
    version: packageVersion(appDir),
    host: 'browser',
    platform: process.platform,
    libraryDir: resolve(env.KPAT_LIBRARY_DIR || join(appDir, 'builtin-searches')),
    log,
  });
  const shell = browserHostShell({
    pickFolder: env.KPAT_WEB_PICK_FOLDER ? resolve(env.KPAT_WEB_PICK_FOLDER) : parsed.root,
    pickFile: env.KPAT_WEB_PICK_FILE ? resolve(env.KPAT_WEB_PICK_FILE) : null,
    pickResults: env.KPAT_WEB_PICK_RESULTS ? resolve(env.KPAT_WEB_PICK_RESULTS) : parsed.root ? join(parsed.root, 'results') : null,
    openLog: env.KPAT_WEB_OPEN_LOG ? resolve(env.KPAT_WEB_OPEN_LOG) : null,
    log,
  });
  const host = await startWebHost({
    rendererDir: join(appDir, 'out', 'renderer'),
    port: parsed.port,
    dispatch: createDispatcher(core, shell, log),
    subscribe: (listener) => core.onRunEvent(listener),
    downloadable: (path) => core.openableFile(path).catch(() => null),
    log,
  });
  // The only place the launch token appears: the user (or a test) opens this address once, and
  // the browser keeps the session cookie it gives. Tests read this line to find the address.
  process.stdout.write(`KP Analysis Toolkit is running at ${host.launchUrl}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close().catch(() => undefined);
    await core.dispose().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function packageVersion(appDir: string): string {
  try {
    return (JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`kpat web host failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
