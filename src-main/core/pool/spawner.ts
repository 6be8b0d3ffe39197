// One interface for starting a worker process, two implementations: Node child_process.fork
// (CLI, tests, browser host: node-spawner.ts) and Electron utilityProcess.fork (the app:
// electron/utility-spawner.ts). The pool, scheduling, retries and cancellation are written
// once against this interface.
import type { MessageTransport } from '../../../src-worker/worker/endpoint';
import type { LogLevel } from '../../../src-worker/worker/protocol';

export interface WorkerExit {
  /** Exit code when known; a hint only (utilityProcess reports crashes as 0). */
  code: number | null;
  signal: string | null;
  /** Human-readable cause, e.g. "killed", "crashed", "oom", "exit code 1". */
  reason: string;
}

export interface WorkerProcess extends MessageTransport {
  /** Null until the process has started (utilityProcess) or when it could not start. */
  readonly pid: number | null;
  /** Called exactly once, however many exit notifications the platform sends. */
  onExit(listener: (exit: WorkerExit) => void): void;
  /** Ends the process now (SIGKILL where available). Safe to call more than once. */
  kill(): void;
  /** Asks the process to end by itself (it finishes writing diagnostics); the pool kills it if it does not. */
  shutdown?(): void;
}

export interface SpawnOptions {
  /** Pool slot number, for names and logs. */
  slot: number;
  /** Workers the pool is sized for (a spawner may tune each process for it). */
  poolSize?: number;
}

export interface WorkerSpawner {
  /** Path of the worker module (out/main/worker.js). */
  readonly modulePath: string;
  spawn(options: SpawnOptions): WorkerProcess;
}

/** Where worker stdout/stderr lines and worker log messages go. */
export type WorkerLog = (level: LogLevel, slot: number, text: string) => void;

/** Calls onExit listeners once; later calls are ignored (exit events may come twice). */
export class ExitOnce {
  private exit: WorkerExit | null = null;
  private readonly listeners: ((exit: WorkerExit) => void)[] = [];

  get exited(): boolean {
    return this.exit !== null;
  }

  add(listener: (exit: WorkerExit) => void): void {
    if (this.exit) queueMicrotask(() => listener(this.exit as WorkerExit));
    else this.listeners.push(listener);
  }

  fire(exit: WorkerExit): void {
    if (this.exit) return;
    this.exit = exit;
    for (const l of this.listeners.splice(0)) l(exit);
  }
}

/** Splits a byte stream into lines for the log. */
export function pipeLines(stream: NodeJS.ReadableStream | null | undefined, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) onLine(line);
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}
