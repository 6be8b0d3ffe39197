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

/**
 * Workers run one step below the main side in scheduling priority (nice +5 on Linux and macOS;
 * Windows maps it to normal, so nothing changes there). The main side is idle most of the time
 * but hands out every file: when the workers fill every core, each hand-over used to wait for a
 * time slice (2.6-4.4 ms between two files of a worker at -p 2, against 1.6 ms at -p 1). Niced
 * workers let it answer at once, and keep the app's window responsive during a run.
 * 120 systems, -p 2, alternating runs: 7.83 -> 7.27 s (4 runs each), 7.48 -> 6.87 s (6);
 * -p 1: 11.71 -> 11.57 s (3).
 */
export const WORKER_NICE = 5;

export type SetPriority = (pid: number, priority: number) => void;

/** Lowers a new worker's priority; a failure (no permission, process gone) only costs speed. */
export function lowerWorkerPriority(pid: number | null | undefined, setPriority: SetPriority): void {
  if (pid === null || pid === undefined) return;
  try {
    setPriority(pid, WORKER_NICE);
  } catch {
    // Left at normal priority.
  }
}
