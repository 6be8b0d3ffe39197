// Entry of the `kpat` command (built to out/main/cli.js; bin/kpat.js loads it).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, runCli, type StopSignal } from './run-cli';

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

// Ctrl-C is handled for the whole life of the process. Without a SIGINT listener Node's default
// action kills the process on the spot: no cleanup, and "killed by a signal" instead of exit 130.
// That used to hit a second Ctrl-C arriving after a cancelled run had removed its handler but
// before the process had exited. A run's handlers cover its whole span, cleanup included; outside
// one (list actions, the last moments before exit), Ctrl-C exits with 130 at once.
// SIGTERM (timeout, systemd, CI) and SIGHUP (the terminal went away) mean "stop now": they reach
// the same handlers as a second Ctrl-C, so the run is force-stopped and its temporary and staging
// folders are removed before the process exits with 143.
const interruptHandlers = new Set<(signal: StopSignal) => void>();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interruptHandlers.size === 0) process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
    for (const handler of [...interruptHandlers]) handler(signal);
  });
}

// DEP0005 (Buffer()) comes from exceljs's dependencies, bundled into out/main (Node only
// stays quiet about it inside node_modules). Other warnings print as usual.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if ((warning as { code?: string }).code !== 'DEP0005') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

// Exits explicitly rather than letting the event loop drain: a natural exit first closes every
// handle, the SIGINT listener's among them, and under load that teardown takes long enough for a
// Ctrl-C to kill the process by the default action after all. The output is handed over first
// (stdout and stderr are asynchronous on some platforms).
function exitWith(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

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
    interruptHandlers.add(handler);
    return () => void interruptHandlers.delete(handler);
  },
}).then(exitWith, (err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  exitWith(1);
});
