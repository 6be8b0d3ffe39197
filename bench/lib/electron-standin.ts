// What bench/desktop.ts puts where `electron` is imported (a vite alias), so that the app's own
// worker transport (src-main/electron/utility-spawner.ts: UtilityLauncher) runs here, where
// there is no Electron binary. Only the parts UtilityLauncher touches exist:
// - `utilityProcess.fork` starts the worker with Node's child_process.fork instead of a utility
//   process: not detached and in the parent's session (as a utility process is: the CLI's
//   workers lead sessions of their own), V8 flags read back from the one `--js-flags` switch the
//   launcher builds, structured-clone messages, piped stdout/stderr, 'spawn' / 'message' / 'exit'
//   as electron.d.ts documents them for UtilityProcess.
// - the child finds `process.parentPort` (a preloaded shim over Node's IPC channel that delivers
//   `{ data }` message events, as Electron's ParentPort does), so the worker takes its
//   utility-process path (src-worker/worker/entry.ts: parentPortTransport).
// - `app` is an EventEmitter: `child-process-gone` is emitted for a child ended by a signal, as
//   Electron reports a killed utility process (details.name = ForkOptions.serviceName).
// What it cannot show: Electron's own process start (its binary, the utility process's Chromium
// service set-up) and its message pipe. The figures it gives are those of everything the app
// runs above them: the launcher, WorkerHost, the pool, the app core's JobRunner (results kept for
// browsing, the manifest and JSON beside the workbooks), the worker's parentPort transport.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Details, ForkOptions } from 'electron';
import type { UtilityProcessLike } from '../../src-main/electron/utility-spawner';

/** Preloaded into each child: Electron's process.parentPort, over the IPC channel. */
const PARENT_PORT_SHIM = `'use strict';
const listeners = new Map();
process.parentPort = {
  on(event, listener) {
    if (event !== 'message') return this;
    const wrapped = (data) => listener({ data, ports: [] });
    listeners.set(listener, wrapped);
    process.on('message', wrapped);
    return this;
  },
  off(event, listener) {
    const wrapped = listeners.get(listener);
    if (event === 'message' && wrapped) process.off('message', wrapped);
    listeners.delete(listener);
    return this;
  },
  postMessage(message) {
    process.send(message);
  },
};
`;

let shimPath: string | null = null;
function parentPortShim(): string {
  if (shimPath) return shimPath;
  shimPath = join(tmpdir(), `kpat-bench-parent-port-${process.pid}.cjs`);
  writeFileSync(shimPath, PARENT_PORT_SHIM);
  return shimPath;
}

/** `--js-flags=a b` → the V8 flags a, b (Node takes them as options); other switches as they are. */
function nodeArgsOf(execArgv: readonly string[]): string[] {
  return execArgv.flatMap((arg) => (arg.startsWith('--js-flags=') ? arg.slice('--js-flags='.length).split(' ').filter(Boolean) : [arg]));
}

export const app = new EventEmitter();

class StandInUtilityProcess extends EventEmitter implements UtilityProcessLike {
  pid: number | undefined = undefined;
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  private readonly child: ChildProcess;

  constructor(modulePath: string, args: string[], options: ForkOptions) {
    super();
    this.child = fork(modulePath, args, {
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // ForkOptions.env is Electron's (empty) Env interface; the launcher passes a NodeJS.ProcessEnv.
      env: (options.env as NodeJS.ProcessEnv | undefined) ?? process.env,
      execArgv: ['--require', parentPortShim(), ...nodeArgsOf(options.execArgv ?? [])],
    });
    this.stdout = this.child.stdout;
    this.stderr = this.child.stderr;
    this.child.on('spawn', () => {
      this.pid = this.child.pid;
      this.emit('spawn');
    });
    this.child.on('message', (data: unknown) => this.emit('message', data));
    this.child.on('exit', (code, signal) => {
      this.pid = undefined;
      if (signal) {
        const details: Details = { type: 'Utility', reason: 'killed', exitCode: code ?? 9, name: options.serviceName ?? '', serviceName: 'node.mojom.NodeService' };
        app.emit('child-process-gone', {}, details);
      }
      this.emit('exit', code ?? 0);
    });
  }

  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
  }

  kill(): boolean {
    return this.child.kill('SIGTERM');
  }
}

export const utilityProcess = {
  fork(modulePath: string, args: string[] = [], options: ForkOptions = {}): UtilityProcessLike {
    return new StandInUtilityProcess(modulePath, args, options);
  },
};
