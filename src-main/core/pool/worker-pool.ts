// N worker processes, spawned ahead of time and reused across runs: a scheduler over WorkerHosts
// (worker-host.ts owns each process's life). Jobs wait in one queue and go to the next idle
// worker, by preference its own (placement by family, plan.ts). A job ends with its result, or
// with WorkerDiedError when its worker exits, or WatchdogError when it runs too long (the worker
// is killed). A dead worker is replaced at once, so the pool stays usable after crashes, cancels
// and force stops. Retry policy is the caller's (search-dispatch.ts): the pool never runs a job twice.
import type { SearchSetSource } from '../../../src-worker/worker/api';
import type { LogLevel, SideMessage } from '../../../src-worker/worker/protocol';
import type { WorkerStatus } from '../../contract/ipc';
import { JobAbortedError, PoolUnavailableError, WatchdogError, WorkerDiedError } from './errors';
import { WorkerEndedError, WorkerHost, type ChildLauncher, type RemoteApi, type WorkerEnded } from './worker-host';
import { workerV8Flags, type SetPriority } from './worker-tuning';

export type { RemoteApi } from './worker-host';

/** Where worker stdout/stderr lines and worker log messages go. */
export type WorkerLog = (level: LogLevel, slot: number, text: string) => void;

/** One worker process (not slot: a slot's process is replaced when it dies). Results held in a
 * worker's memory belong to its process, and are lost with it. */
export interface WorkerHandle {
  slot: number;
  process: number;
}

export interface JobOptions {
  /** Shown in the worker status, e.g. a file path or "export Linux". */
  label: string;
  /**
   * Watchdog, for every job: it fails with WatchdogError after this long (restarted by each 'file'
   * note), and its worker is killed. Callers size it to the job (a file, a family's export).
   */
  timeoutMs: number;
  /** Loaded into the worker first unless it already holds this set. */
  searchSet?: Extract<SearchSetSource, { kind: 'specs' }>;
  signal?: AbortSignal;
  /** Put the job at the head of the queue (retries). */
  urgent?: boolean;
  /** Prefer this slot: other idle workers take the job only when no job of their own waits (work stealing). */
  prefer?: number;
  /** With `prefer`: no stealing; the job waits for that slot (unless the slot is gone). */
  strict?: boolean;
  onSide?: (msg: SideMessage) => void;
}

/** What every worker process of a pool runs, and with what (tuning is added by the pool: worker-tuning.ts). */
export interface WorkerSetup {
  /** Path of the worker module (out/main/worker.js). */
  modulePath: string;
  env?: NodeJS.ProcessEnv;
  /** Added after the pool's V8 flags (a later flag wins). */
  execArgv?: string[];
  /** os.setPriority unless given (tests). */
  setPriority?: SetPriority;
}

export interface PoolOptions {
  /** The transport: child_process (node-transport.ts) or utilityProcess (electron/utility-spawner.ts). */
  launcher: ChildLauncher;
  worker: WorkerSetup;
  size: number;
  log?: WorkerLog;
  /** Called whenever a worker's state, task or pid changes. */
  onStatus?: () => void;
  /** How long a new worker may take to say it is ready. */
  startTimeoutMs?: number;
  /**
   * Have each new worker load its heavy modules (the Excel exporter) in its first idle moment:
   * while the search set still loads, or while the other workers finish the last files, never
   * before a job that is waiting (a cold run's searches start as soon as the worker is ready).
   */
  warmUp?: boolean;
}

interface Job {
  opts: JobOptions;
  run: (api: RemoteApi, worker: WorkerHandle) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  onAbort?: () => void;
}

/** A progress note in words, for the worker table (WorkerStatus.detail). */
function progressDetail(msg: Extract<SideMessage, { type: 'lines' | 'export' }>): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  if (msg.type === 'lines') return `${n(msg.searches)} searches in one pass, line ${n(msg.line)} of ${n(msg.lines)}`;
  if (msg.step === 'tables') return msg.sheet === null ? 'building the result tables' : `building the table of “${msg.sheet}”`;
  if (msg.step === 'finishing') return 'closing the workbook';
  return msg.sheet === null ? 'writing sheets' : `sheet “${msg.sheet}”`;
}

/** Consecutive start failures after which a slot gives up. */
const MAX_START_FAILURES = 3;

/** How long an idle worker may take to end by itself when the pool closes or shrinks. */
const SHUTDOWN_DEADLINE_MS = 1000;

/** Loading the exporter when a worker starts (warmUp) takes well under a second. */
const WARM_UP_DEADLINE_MS = 60_000;

/** A job on a worker: what it is doing now, and its watchdog. */
interface RunningJob {
  job: Job;
  /** Shown in the worker status: the label, then the file the worker announced. */
  task: string;
  /** File / search the worker last announced (for the watchdog's and the death's reason). */
  file: string | null;
  search: string | null;
  searchIndex: number | null;
  /** WorkerStatus.detail: what the worker last said of its progress within the task. */
  detail: string | null;
  /** When it started its current file (or the job), for WorkerStatus.taskMs. */
  sinceMs: number;
  watchdog: NodeJS.Timeout | null;
}

/** A place for one worker process; its process (host) is replaced when it ends. */
class Slot {
  host: WorkerHost | null = null;
  running: RunningJob | null = null;
  /** Processes started for this slot so far. */
  generation = 0;
  startFailures = 0;
  /** No process could be started here; the slot is given up. */
  gaveUp = false;
  /** Above the pool's size: ends when its job is done. */
  retired = false;
  /** Its process has yet to load its heavy modules (PoolOptions.warmUp), when it is next idle. */
  coldProcess = false;
  constructor(readonly id: number) {}
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  /** Search sets each process has loaded (pool knowledge, so a set is sent once per process). */
  private readonly loadedSets = new WeakMap<WorkerHost, Set<string>>();
  private closed = false;
  /** The size last asked for (resize); new processes are tuned for it. */
  private targetSize = 1;
  private lastStartError = 'unknown';
  private pumpScheduled = false;

  constructor(private readonly opts: PoolOptions) {
    this.resize(opts.size);
  }

  get size(): number {
    return this.active().length;
  }

  statuses(): WorkerStatus[] {
    const now = Date.now();
    return this.active().map((s) => ({
      id: s.id,
      state: this.stateOf(s),
      task: s.running?.task ?? null,
      pid: s.host?.pid ?? null,
      detail: s.running?.detail ?? null,
      taskMs: s.running ? now - s.running.sinceMs : null,
    }));
  }

  /** Grows or shrinks the pool; busy workers above the new size finish their job first. */
  resize(size: number): void {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker count must be a positive integer, got ${size}`);
    this.targetSize = size;
    const active = this.active();
    for (let i = active.length; i < size; i++) {
      const slot = new Slot(this.slots.length + 1);
      this.slots.push(slot);
      this.spawn(slot);
    }
    for (const slot of active.slice(size)) {
      slot.retired = true;
      if (!slot.running) this.endRetired(slot);
    }
    this.changed();
  }

  /** Resolves when every worker is ready (or has given up starting). */
  async whenReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.active().some((s) => !s.gaveUp && !s.host?.isReady) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    if (this.size > 0 && this.active().every((s) => s.gaveUp)) {
      throw new PoolUnavailableError(`no worker could be started: ${this.lastStartError}`);
    }
  }

  /** Slot ids of the active workers, in order (for spreading work over them). */
  slotIds(): number[] {
    return this.active().map((s) => s.id);
  }

  /** True while this worker process is alive and ready. */
  isAlive(worker: WorkerHandle): boolean {
    return this.hostOf(worker) !== null;
  }

  /**
   * Calls a worker process outside the job queue, beside whatever job it runs (the worker serves
   * the call between its own awaits). For short requests to a specific process, such as
   * flushing the rows it holds. Fails with WorkerDiedError if that process is gone or dies, and
   * with WatchdogError after `timeoutMs` (the process is killed: one that does not answer a short
   * request is stuck or stopped).
   */
  direct<T>(worker: WorkerHandle, call: (api: RemoteApi) => Promise<T>, deadline?: { timeoutMs: number; label: string }): Promise<T> {
    const host = this.hostOf(worker);
    if (!host) return Promise.reject(new WorkerDiedError(worker.slot, 'the worker process has ended', null));
    const timer = deadline
      ? setTimeout(() => {
          const err = new WatchdogError(worker.slot, deadline.timeoutMs, null, null, null, deadline.label);
          this.log('warn', worker.slot, err.message);
          host.kill(err);
        }, deadline.timeoutMs)
      : null;
    return host
      .call(call)
      .catch((err: unknown) => {
        throw err instanceof WorkerEndedError ? (err.ended.cause ?? new WorkerDiedError(worker.slot, err.ended.exit.reason, null)) : err;
      })
      .finally(() => {
        if (timer) clearTimeout(timer);
      });
  }

  /** direct() to whatever process a slot runs now (nothing happens when it has none). */
  directToSlot<T>(slotId: number, call: (api: RemoteApi) => Promise<T>, deadline?: { timeoutMs: number; label: string }): Promise<T | undefined> {
    const host = this.slots.find((s) => s.id === slotId)?.host;
    if (!host?.isReady) return Promise.resolve(undefined);
    return this.direct({ slot: slotId, process: host.serial }, call, deadline);
  }

  /** Runs `run` on the next idle worker. */
  run<T>(opts: JobOptions, run: (api: RemoteApi, worker: WorkerHandle) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new PoolUnavailableError('the worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      const job: Job = { opts, run: run as Job['run'], resolve: resolve as (v: unknown) => void, reject };
      if (opts.signal?.aborted) return reject(new JobAbortedError());
      if (opts.signal) {
        job.onAbort = () => {
          const at = this.queue.indexOf(job);
          if (at >= 0) {
            this.queue.splice(at, 1);
            reject(new JobAbortedError());
          }
        };
        opts.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      if (opts.urgent) this.queue.unshift(job);
      else this.queue.push(job);
      this.schedulePump();
    });
  }

  /** Kills every worker that is running a job (their jobs fail with WorkerDiedError); they are replaced. */
  killBusy(cause = 'stopped'): void {
    for (const slot of this.slots) {
      if (slot.running && slot.host) slot.host.kill(new WorkerDiedError(slot.id, cause, slot.running.file));
    }
  }

  /** Number of jobs running now. */
  get busy(): number {
    return this.slots.filter((s) => s.running).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new PoolUnavailableError('the worker pool was closed'));
    await Promise.all(
      this.slots.map(async (slot) => {
        const host = slot.host;
        if (!host) return;
        // Idle workers end by themselves (and save their code cache); busy or starting ones are killed.
        if (slot.running || !host.isReady) host.kill(new WorkerDiedError(slot.id, 'the worker pool was closed', slot.running?.file ?? null));
        await host.shutdown(SHUTDOWN_DEADLINE_MS);
      }),
    );
  }

  // ---- internals

  private active(): Slot[] {
    return this.slots.filter((s) => !s.retired);
  }

  private hostOf(worker: WorkerHandle): WorkerHost | null {
    const host = this.slots.find((s) => s.id === worker.slot)?.host;
    return host && host.serial === worker.process && host.isReady ? host : null;
  }

  private stateOf(slot: Slot): WorkerStatus['state'] {
    const host = slot.host;
    if (!host) return slot.gaveUp || this.closed ? 'stopped' : 'restarting';
    switch (host.state.kind) {
      case 'starting':
        return slot.generation > 1 ? 'restarting' : 'starting';
      case 'ready':
        return slot.running ? 'busy' : 'idle';
      case 'stopping':
        return slot.running ? 'busy' : 'stopped';
      case 'exited':
        return 'restarting';
    }
  }

  private changed(): void {
    this.opts.onStatus?.();
  }

  private log(level: LogLevel, slot: number, text: string): void {
    this.opts.log?.(level, slot, text);
  }

  private spawn(slot: Slot): void {
    slot.generation++;
    const setup = this.opts.worker;
    slot.host = new WorkerHost({
      launcher: this.opts.launcher,
      modulePath: setup.modulePath,
      slot: slot.id,
      v8Flags: workerV8Flags(this.targetSize),
      ...(setup.execArgv ? { execArgv: setup.execArgv } : {}),
      env: setup.env ?? process.env,
      ...(setup.setPriority ? { setPriority: setup.setPriority } : {}),
      log: (level, text) => this.log(level, slot.id, text),
      startTimeoutMs: this.opts.startTimeoutMs ?? 30_000,
      onReady: (host) => this.onReady(slot, host),
      onSide: (msg, host) => this.onSide(slot, host, msg),
      onExit: (ended, host) => this.onExit(slot, host, ended),
    });
    this.changed();
  }

  private onReady(slot: Slot, host: WorkerHost): void {
    if (slot.host !== host) return;
    slot.startFailures = 0;
    slot.coldProcess = this.opts.warmUp === true;
    this.changed();
    // After this turn's jobs are queued (a run queues its searches as the set is loaded).
    setImmediate(() => this.pump());
  }

  /** The warm-up of an idle, ready, cold slot (PoolOptions.warmUp). */
  private warmUp(slot: Slot, host: WorkerHost): void {
    slot.coldProcess = false;
    const noop = (): void => undefined;
    const report = (r: unknown): void => this.log('debug', slot.id, `exporter loaded in ${(r as { ms: number }).ms} ms`);
    void this.execute(slot, host, { opts: { label: 'warming up', timeoutMs: WARM_UP_DEADLINE_MS }, run: (api) => api.warmUp(), resolve: report, reject: noop });
  }

  private onSide(slot: Slot, host: WorkerHost, msg: SideMessage): void {
    const running = slot.host === host ? slot.running : null;
    if (!running) return;
    if (msg.type === 'file' || msg.type === 'search') {
      running.file = msg.relPath;
      running.search = msg.type === 'search' ? msg.search : null;
      running.searchIndex = msg.type === 'search' ? msg.index : null;
      running.detail = msg.type === 'search' ? `search “${msg.search}”` : null;
      if (msg.type === 'file') {
        running.task = msg.relPath;
        running.sinceMs = Date.now();
        this.armWatchdog(slot, host, running);
        this.changed();
      }
    } else if (msg.type === 'lines' || msg.type === 'export') {
      running.detail = progressDetail(msg);
    }
    running.job.opts.onSide?.(msg);
  }

  private onExit(slot: Slot, host: WorkerHost, ended: WorkerEnded): void {
    if (slot.host !== host) return;
    const running = slot.running;
    if (running) {
      this.clearWatchdog(running);
      const err = ended.cause ?? new WorkerDiedError(slot.id, ended.exit.reason, running.file);
      if (!(err instanceof WatchdogError)) this.log('warn', slot.id, err.message);
      // The job's own call fails with the same error (WorkerHost.call).
      slot.running = null;
    }
    slot.host = null;
    if (this.closed || slot.retired) {
      this.changed();
      return;
    }
    if (!ended.wasReady && !running) {
      this.onStartFailure(slot, ended.cause?.message ?? ended.exit.reason);
      return;
    }
    this.spawn(slot);
  }

  private onStartFailure(slot: Slot, reason: string): void {
    this.lastStartError = reason;
    slot.startFailures++;
    this.log('error', slot.id, `worker could not start: ${reason}`);
    if (slot.startFailures >= MAX_START_FAILURES || this.closed) {
      slot.gaveUp = true;
      this.changed();
      if (this.active().every((s) => s.gaveUp)) {
        for (const job of this.queue.splice(0)) job.reject(new PoolUnavailableError(`no worker could be started: ${reason}`));
      }
      return;
    }
    this.changed();
    setTimeout(() => {
      if (!this.closed && !slot.retired) this.spawn(slot);
    }, 200 * slot.startFailures).unref();
  }

  private armWatchdog(slot: Slot, host: WorkerHost, running: RunningJob): void {
    this.clearWatchdog(running);
    const timeoutMs = running.job.opts.timeoutMs;
    running.watchdog = setTimeout(() => {
      if (slot.running !== running) return;
      const err = new WatchdogError(slot.id, timeoutMs, running.file, running.search, running.searchIndex, running.job.opts.label);
      this.log('warn', slot.id, err.message);
      host.kill(err);
    }, timeoutMs);
  }

  private clearWatchdog(running: RunningJob): void {
    if (running.watchdog) clearTimeout(running.watchdog);
    running.watchdog = null;
  }

  /** A retired slot's idle worker ends by itself, or is killed at the deadline. */
  private endRetired(slot: Slot): void {
    void slot.host?.shutdown(SHUTDOWN_DEADLINE_MS, new Error('the pool was made smaller'));
  }

  /**
   * Jobs queued in one go (a run's search tasks) are all in the queue before any is handed out,
   * so each idle worker first finds its own preferred jobs instead of stealing another's.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      const host = slot.host;
      if (this.closed || slot.retired || slot.running || !host?.isReady) continue;
      const at = this.queue.length ? this.nextJobFor(slot) : -1;
      if (at < 0) {
        if (slot.coldProcess) this.warmUp(slot, host);
        continue;
      }
      const job = this.queue.splice(at, 1)[0] as Job;
      if (job.onAbort) job.opts.signal?.removeEventListener('abort', job.onAbort);
      void this.execute(slot, host, job);
    }
  }

  /** Queue position of the job an idle slot takes (-1: none): its own or a shared one first, else it steals. */
  private nextJobFor(slot: Slot): number {
    const live = new Set(this.active().filter((s) => !s.gaveUp).map((s) => s.id));
    const mine = (j: Job): boolean => j.opts.prefer === undefined || j.opts.prefer === slot.id || !live.has(j.opts.prefer);
    const own = this.queue.findIndex(mine);
    return own >= 0 ? own : this.queue.findIndex((j) => !j.opts.strict);
  }

  private async execute(slot: Slot, host: WorkerHost, job: Job): Promise<void> {
    const running: RunningJob = { job, task: job.opts.label, file: null, search: null, searchIndex: null, detail: null, sinceMs: Date.now(), watchdog: null };
    slot.running = running;
    this.armWatchdog(slot, host, running);
    this.changed();
    let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
    try {
      const set = job.opts.searchSet;
      let loaded = this.loadedSets.get(host);
      if (!loaded) this.loadedSets.set(host, (loaded = new Set()));
      if (set && !loaded.has(set.key)) {
        await host.call((api) => api.loadSearchSet(set));
        loaded.add(set.key);
      }
      outcome = { ok: true, value: await host.call((api) => job.run(api, { slot: slot.id, process: host.serial })) };
    } catch (error) {
      const err = error instanceof WorkerEndedError ? (error.ended.cause ?? new WorkerDiedError(slot.id, error.ended.exit.reason, running.file)) : error;
      outcome = { ok: false, error: err };
    }
    this.clearWatchdog(running);
    if (slot.running === running) slot.running = null;
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.error);
    if (slot.host === host && slot.retired) this.endRetired(slot);
    this.changed();
    this.pump();
  }
}
