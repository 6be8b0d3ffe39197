// One worker process's whole life, written once for both transports (as VS Code's
// UtilityProcess class does for its utility processes): start it with its configuration (module,
// V8 flags, environment, a unique service name), lower its priority, send its stdout/stderr to
// the log, learn that it is ready, report its end exactly once with the cause (ours when we killed
// it, the platform's otherwise), kill(cause), and shutdown(deadline) that kills at the deadline.
//
// Below it, a transport adapter (ChildLauncher) only starts a process and carries its messages
// and exit notes: Node's child_process.fork with the IPC channel (node-transport.ts) or Electron's
// utilityProcess.fork with process.parentPort (electron/utility-spawner.ts). Above it, the pool
// (worker-pool.ts) decides what runs where and when a process must go.
import { setPriority as osSetPriority } from 'node:os';
import * as Comlink from 'comlink';
import type { WorkerApi } from '../../../src-worker/worker/api';
import { onSideMessage, rpcEndpoint, type MessageTransport } from '../../../src-worker/worker/endpoint';
import type { Envelope, LogLevel, SideMessage } from '../../../src-worker/worker/protocol';
import { lowerWorkerPriority, type SetPriority } from './worker-tuning';

export type RemoteApi = Comlink.Remote<WorkerApi>;

export interface WorkerExit {
  /** Exit code when known; a hint only (utilityProcess reports crashes and kills as 0). */
  code: number | null;
  signal: string | null;
  /** Human-readable cause from the platform, e.g. "killed by SIGKILL", "oom", "exit code 1". */
  reason: string;
}

// ---- the transport adapter's side

/** What the host asks a transport to start. */
export interface ChildConfig {
  modulePath: string;
  /** Unique per process: Electron reports it back in child-process-gone (`details.name`). */
  serviceName: string;
  /** V8 flags (the transport passes them the way its platform takes them). */
  v8Flags: string[];
  /** Further arguments to the executable (Node options such as --inspect), after the V8 flags. */
  execArgv: string[];
  env: NodeJS.ProcessEnv;
}

/** What a transport reports about its child. */
export interface ChildEvents {
  /** The process exists; its pid and piped output, when the platform gives them. */
  spawned(pid: number | null, stdout: NodeJS.ReadableStream | null, stderr: NodeJS.ReadableStream | null): void;
  message(data: unknown): void;
  /** The process ended. May come more than once (utilityProcess): the host keeps the first. */
  exited(exit: WorkerExit): void;
  /** Something worth a log line that is not an end (a spawn error, a V8 fatal error report). */
  problem(text: string): void;
}

export interface ChildHandle {
  send(message: Envelope): void;
  /** Ends the process now: SIGKILL on POSIX (a stopped or spinning process gets no say). */
  kill(): void;
}

/** A transport: starts one child process. May throw when the platform refuses at once. */
export interface ChildLauncher {
  readonly kind: 'node' | 'utility';
  launch(config: ChildConfig, events: ChildEvents): ChildHandle;
}

// ---- the host

export type WorkerHostState =
  /** Started; waiting for the worker's ready note. */
  | { readonly kind: 'starting' }
  | { readonly kind: 'ready' }
  /** kill() or shutdown() was asked; the end has not been reported yet. */
  | { readonly kind: 'stopping'; readonly cause: Error; readonly wasReady: boolean }
  | { readonly kind: 'exited'; readonly ended: WorkerEnded };

export interface WorkerEnded {
  exit: WorkerExit;
  /** Why we ended it (kill/shutdown/start timeout); null when it ended by itself (crash, OOM). */
  cause: Error | null;
  /** Whether it had said it was ready. */
  wasReady: boolean;
}

/** A call on a host whose process ended before the call returned (or before it was made). */
export class WorkerEndedError extends Error {
  override readonly name = 'WorkerEndedError';
  constructor(readonly ended: WorkerEnded) {
    super(ended.cause?.message ?? ended.exit.reason);
  }
}

export interface WorkerHostOptions {
  launcher: ChildLauncher;
  modulePath: string;
  /** Pool slot, for names and log lines. */
  slot: number;
  v8Flags: string[];
  execArgv?: string[];
  env: NodeJS.ProcessEnv;
  log: (level: LogLevel, text: string) => void;
  /** The worker must say it is ready within this time, or it is killed. */
  startTimeoutMs: number;
  /** os.setPriority unless given (tests). */
  setPriority?: SetPriority;
  onReady?: (host: WorkerHost) => void;
  onSide?: (msg: SideMessage, host: WorkerHost) => void;
  onExit?: (ended: WorkerEnded, host: WorkerHost) => void;
}

let hostSerial = 0;

export class WorkerHost {
  /** Unique within this process; names the process in WorkerHandle and logs. */
  readonly serial = ++hostSerial;
  readonly serviceName: string;
  readonly remote: RemoteApi;
  private current: WorkerHostState = { kind: 'starting' };
  private child: ChildHandle | null = null;
  private processId: number | null = null;
  private readonly startedAt = Date.now();
  private startTimer: NodeJS.Timeout | null = null;
  private deadlineTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(message: unknown) => void>();
  private readonly pendingCalls = new Set<(err: Error) => void>();
  private readonly exitWaiters: ((ended: WorkerEnded) => void)[] = [];

  constructor(private readonly opts: WorkerHostOptions) {
    this.serviceName = `kpat-worker-${opts.slot}-${process.pid}-${this.serial}`;
    const transport: MessageTransport = {
      send: (message) => {
        // A message to a process that is gone or going is dropped: its end is reported by exited().
        if (this.current.kind === 'exited') return;
        this.child?.send(message);
      },
      subscribe: (listener) => {
        this.listeners.add(listener);
        return () => void this.listeners.delete(listener);
      },
    };
    this.remote = Comlink.wrap<WorkerApi>(rpcEndpoint(transport));
    onSideMessage(transport, (msg) => this.onSideMessage(msg));
    // Child-to-parent side notes are the only traffic before 'ready'; the host listens from the start.
    try {
      this.child = opts.launcher.launch(
        {
          modulePath: opts.modulePath,
          serviceName: this.serviceName,
          v8Flags: opts.v8Flags,
          execArgv: opts.execArgv ?? [],
          // The worker watches this process and ends itself when it is gone (parent-watch.ts).
          env: { ...opts.env, KPAT_PARENT_PID: String(process.pid) },
        },
        {
          spawned: (pid, stdout, stderr) => this.onSpawned(pid, stdout, stderr),
          message: (data) => {
            if (this.current.kind === 'exited') return;
            for (const l of [...this.listeners]) l(data);
          },
          exited: (exit) => this.onExited(exit),
          problem: (text) => opts.log('error', `${this.serviceName}: ${text}`),
        },
      );
    } catch (err) {
      const reason = `could not start: ${err instanceof Error ? err.message : String(err)}`;
      // Reported after the constructor returns, like every other end, so the owner holds the host.
      queueMicrotask(() => this.onExited({ code: null, signal: null, reason }));
      return;
    }
    this.startTimer = setTimeout(() => {
      if (this.current.kind === 'starting') this.kill(new Error(`did not start within ${Math.round(opts.startTimeoutMs / 1000)} s`));
    }, opts.startTimeoutMs);
    this.startTimer.unref();
  }

  get state(): WorkerHostState {
    return this.current;
  }

  get pid(): number | null {
    return this.processId;
  }

  get isReady(): boolean {
    return this.current.kind === 'ready';
  }

  /**
   * Runs `fn` against this process's API. Fails with WorkerEndedError when the process ends before
   * `fn` settles (comlink alone would wait forever for an answer from a dead process).
   */
  call<T>(fn: (api: RemoteApi) => Promise<T>): Promise<T> {
    const state = this.current;
    if (state.kind === 'exited') return Promise.reject(new WorkerEndedError(state.ended));
    if (state.kind !== 'ready') return Promise.reject(new Error(`${this.serviceName} is ${state.kind}, not ready`));
    return new Promise<T>((resolve, reject) => {
      const fail = (err: Error): void => reject(err);
      this.pendingCalls.add(fail);
      fn(this.remote)
        .then(resolve, reject)
        .finally(() => this.pendingCalls.delete(fail));
    });
  }

  /** Resolves once the process has ended (at once when it already has). */
  whenExited(): Promise<WorkerEnded> {
    const state = this.current;
    if (state.kind === 'exited') return Promise.resolve(state.ended);
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /** Ends the process now; `cause` is what its end (and every pending call) reports. */
  kill(cause: Error): void {
    if (this.current.kind === 'exited') return;
    this.stopping(cause);
    this.child?.kill();
  }

  /** Asks the process to end by itself (it finishes writing what it writes); kills it at the deadline. */
  shutdown(deadlineMs: number, cause: Error = new Error('shut down')): Promise<WorkerEnded> {
    if (this.current.kind === 'exited') return this.whenExited();
    this.stopping(cause);
    this.child?.send({ kpat: 'control', command: 'shutdown' });
    if (!this.deadlineTimer) {
      this.deadlineTimer = setTimeout(() => this.kill(cause), deadlineMs);
      this.deadlineTimer.unref();
    }
    return this.whenExited();
  }

  private onSpawned(pid: number | null, stdout: NodeJS.ReadableStream | null, stderr: NodeJS.ReadableStream | null): void {
    if (this.current.kind === 'exited') return;
    this.processId = pid ?? this.processId;
    lowerWorkerPriority(this.processId, this.opts.setPriority ?? osSetPriority);
    pipeLines(stdout, (line) => this.opts.log('info', line));
    pipeLines(stderr, (line) => this.opts.log('warn', line));
  }

  private onSideMessage(msg: SideMessage): void {
    if (msg.type === 'ready') {
      if (this.current.kind !== 'starting') return;
      this.current = { kind: 'ready' };
      this.processId ??= msg.pid;
      this.clearTimers(false);
      this.opts.log('debug', `ready ${Date.now() - this.startedAt} ms after its start`);
      this.opts.onReady?.(this);
      return;
    }
    if (msg.type === 'log') this.opts.log(msg.level, msg.text);
    this.opts.onSide?.(msg, this);
  }

  private onExited(exit: WorkerExit): void {
    const state = this.current;
    if (state.kind === 'exited') return;
    const ended: WorkerEnded = {
      exit,
      cause: state.kind === 'stopping' ? state.cause : null,
      wasReady: state.kind === 'ready' || (state.kind === 'stopping' && state.wasReady),
    };
    this.current = { kind: 'exited', ended };
    this.clearTimers(true);
    this.listeners.clear();
    const err = new WorkerEndedError(ended);
    for (const fail of [...this.pendingCalls]) fail(err);
    this.pendingCalls.clear();
    this.opts.onExit?.(ended, this);
    for (const waiter of this.exitWaiters.splice(0)) waiter(ended);
  }

  /** The first kill() or shutdown() names the cause; later ones do not replace it. */
  private stopping(cause: Error): void {
    const state = this.current;
    if (state.kind === 'starting' || state.kind === 'ready') this.current = { kind: 'stopping', cause, wasReady: state.kind === 'ready' };
  }

  private clearTimers(all: boolean): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    if (all && this.deadlineTimer) clearTimeout(this.deadlineTimer);
    if (all) this.deadlineTimer = null;
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
