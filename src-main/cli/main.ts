// Entry of the `kpat` command (built to out/main/cli.js; bin/kpat.js loads it).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from './run-cli';

// out/main/cli.js → <repo>/builtin-searches (the library ships beside the built files).
function libraryDir(): string | null {
  // KPAT_LIBRARY_DIR overrides the location; set to '' it means "no built-in library".
  const fromEnv = process.env.KPAT_LIBRARY_DIR;
  if (fromEnv !== undefined) return fromEnv ? resolve(fromEnv) : null;
  const dir = resolve(__dirname, '..', '..', 'builtin-searches');
  return existsSync(dir) ? dir : null;
}

function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

// DEP0005 (Buffer()) comes from exceljs's dependencies, bundled into out/main (Node only
// stays quiet about it inside node_modules). Other warnings print as usual.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if ((warning as { code?: string }).code !== 'DEP0005') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const timeoutSec = Number(process.env.KPAT_FILE_TIMEOUT_SEC);

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  libraryDir: libraryDir(),
  workerModule: join(__dirname, 'worker.js'),
  appVersion: appVersion(),
  stdout: process.stdout,
  stderr: process.stderr,
  perFileTimeoutSec: Number.isFinite(timeoutSec) && timeoutSec > 0 ? timeoutSec : 120,
  ...(process.env.KPAT_WORKER_NODE_ARGS ? { workerExecArgv: process.env.KPAT_WORKER_NODE_ARGS.split(' ').filter(Boolean) } : {}),
  onInterrupt(handler) {
    process.on('SIGINT', handler);
    return () => void process.off('SIGINT', handler);
  },
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
