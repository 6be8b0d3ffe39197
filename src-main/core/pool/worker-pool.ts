// N worker processes, spawned ahead of time and reused across runs. Jobs wait in one queue
// and go to the next idle worker. A job ends with its result, or with WorkerDiedError when its
// worker exits, or WatchdogError when it runs too long (the worker is killed). A dead worker is
// replaced at once, so the pool stays usable after crashes, cancels and force stops.
// Retry policy is the caller's (search-dispatch.ts): the pool never runs a job twice.
import * as Comlink from 'comlink';
import type { WorkerApi, SearchSetSource } from '../../../src-worker/worker/api';
import { onSideMessage, rpcEndpoint } from '../../../src-worker/worker/endpoint';
import type { SideMessage } from '../../../src-worker/worker/protocol';
import type { WorkerStatus } from '../../contract/ipc';
import { JobAbortedError, PoolUnavailableError, WatchdogError, WorkerDiedError } from './errors';
import type { WorkerExit, WorkerLog, WorkerProcess, WorkerSpawner } from './spawner';

export type RemoteApi = Comlink.Remote<WorkerApi>;

/** One worker process (not slot: a slot's process is replaced when it dies). Results held in a
 * worker's memory belong to its process, and are lost with it. */
export interface WorkerHandle {
  slot: number;
  process: number;
}

export interface JobOptions {
  /** Shown in the worker status, e.g. a file path or "export Linux". */
  label: string;
  /** Watchdog: the job fails with WatchdogError after this long (restarted by each 'file' note). */
  timeoutMs?: number;
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

export interface PoolOptions {
  spawner: WorkerSpawner;
  size: number;
  log?: WorkerLog;
  /** Called whenever a worker's state, task or pid changes. */
  onStatus?: () => void;
  /** How long a new worker may take to say it is ready. */
  startTimeoutMs?: number;
  /**
   * Have each new worker load its heavy modules (the Excel exporter) as soon as it is ready.
   * Good for the app, whose pool waits idle between runs; a cold CLI run is better off without.
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

/** Consecutive start failures after which a slot gives up. */
const MAX_START_FAILURES = 3;

class Slot {
  proc: WorkerProcess | null = null;
  remote: RemoteApi | null = null;
  state: WorkerStatus['state'] = 'starting';
  task: string | null = null;
  ready = false;
  loadedSets = new Set<string>();
  job: Job | null = null;
  /** File / search the worker last announced for the current job. */
  currentFile: string | null = null;
  currentSearch: string | null = null;
  startFailures = 0;
  /** Serial of the current process (WorkerHandle.process). */
  process = 0;
  /** Calls outside the job queue (direct()) waiting on this process: failed when it exits. */
  readonly directCalls = new Set<(err: Error) => void>();
  watchdog: NodeJS.Timeout | null = null;
  /** Set when we killed the worker on purpose, to name the cause. */
  killCause: Error | null = null;
  retired = false;
  constructor(readonly id: number) {}
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;
  /** The size last asked for (resize); new processes are spawned for it. */
  private targetSize = 1;
  private lastStartError = 'unknown';
  private processSerial = 0;
  private pumpScheduled = false;

  constructor(private readonly opts: PoolOptions) {
    this.resize(opts.size);
  }

  get size(): number {
    return this.slots.filter((s) => !s.retired).length;
  }

  statuses(): WorkerStatus[] {
    return this.slots
      .filter((s) => !s.retired)
      .map((s) => ({ id: s.id, state: s.state, task: s.task, pid: s.proc?.pid ?? null }));
  }

  /** Grows or shrinks the pool; busy workers above the new size finish their job first. */
  resize(size: number): void {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker count must be a positive integer, got ${size}`);
    this.targetSize = size;
    const active = this.slots.filter((s) => !s.retired);
    for (let i = active.length; i < size; i++) {
      const slot = new Slot(this.slots.length + 1);
      this.slots.push(slot);
      this.spawn(slot);
    }
    for (const slot of active.slice(size)) {
      slot.retired = true;
      if (!slot.job) this.stopSlot(slot);
    }
    this.changed();
  }

  /** Resolves when every worker is ready (or has given up starting). */
  async whenReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.slots.some((s) => !s.retired && !s.ready && s.state !== 'stopped') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    if (this.size > 0 && this.slots.every((s) => s.retired || s.state === 'stopped')) {
      throw new PoolUnavailableError(`no worker could be started: ${this.lastStartError}`);
    }
  }

  /** Slot ids of the active workers, in order (for spreading work over them). */
  slotIds(): number[] {
    return this.slots.filter((s) => !s.retired).map((s) => s.id);
  }

  /** True while this worker process is alive and ready. */
  isAlive(worker: WorkerHandle): boolean {
    const slot = this.slots.find((s) => s.id === worker.slot);
    return !!slot && slot.process === worker.process && slot.ready && !!slot.remote;
  }

  /**
   * Calls a worker process outside the job queue, beside whatever job it runs (the worker serves
   * the call between its own awaits). For short requests to a specific process, such as
   * flushing the rows it holds. Fails with WorkerDiedError if that process is gone or dies.
   */
  direct<T>(worker: WorkerHandle, call: (api: RemoteApi) => Promise<T>): Promise<T> {
    const slot = this.slots.find((s) => s.id === worker.slot);
    if (!slot || slot.process !== worker.process || !slot.remote || !slot.ready) {
      return Promise.reject(new WorkerDiedError(worker.slot, 'the worker process has ended', null));
    }
    return new Promise<T>((resolve, reject) => {
      const fail = (err: Error): void => reject(err);
      slot.directCalls.add(fail);
      call(slot.remote as RemoteApi).then(resolve, reject).finally(() => slot.directCalls.delete(fail));
    });
  }

  /** direct() to whatever process a slot runs now (nothing happens when it has none). */
  directToSlot<T>(slotId: number, call: (api: RemoteApi) => Promise<T>): Promise<T | undefined> {
    const slot = this.slots.find((s) => s.id === slotId);
    if (!slot?.ready || !slot.remote) return Promise.resolve(undefined);
    return this.direct({ slot: slot.id, process: slot.process }, call);
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

  /** Kills every worker that is running a job (their jobs fail with WorkerDiedError); they are replaced. */
  killBusy(cause = 'stopped'): void {
    for (const slot of this.slots) {
      if (slot.job && slot.proc) {
        slot.killCause ??= new WorkerDiedError(slot.id, cause, slot.currentFile);
        slot.proc.kill();
      }
    }
  }

  /** Number of jobs running now. */
  get busy(): number {
    return this.slots.filter((s) => s.job).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new PoolUnavailableError('the worker pool was closed'));
    const exits = this.slots.map(
      (slot) =>
        new Promise<void>((resolve) => {
          const proc = slot.proc;
          if (!proc) return resolve();
          proc.onExit(() => resolve());
          // Idle workers may end by themselves; busy ones, or any that linger, are killed.
          if (proc.shutdown && !slot.job) {
            proc.shutdown();
            setTimeout(() => proc.kill(), 1000).unref();
          } else proc.kill();
        }),
    );
    await Promise.all(exits);
  }

  // ---- internals

  private changed(): void {
    this.opts.onStatus?.();
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', slot: number, text: string): void {
    this.opts.log?.(level, slot, text);
  }

  private spawn(slot: Slot): void {
    slot.ready = false;
    slot.loadedSets.clear();
    slot.killCause = null;
    slot.state = slot.proc ? 'restarting' : 'starting';
    let proc: WorkerProcess;
    try {
      proc = this.opts.spawner.spawn({ slot: slot.id, poolSize: this.targetSize });
    } catch (err) {
      this.onStartFailure(slot, err instanceof Error ? err.message : String(err));
      return;
    }
    slot.proc = proc;
    slot.process = ++this.processSerial;
    const spawnedAt = Date.now();
    slot.remote = Comlink.wrap<WorkerApi>(rpcEndpoint(proc));
    const startTimer = setTimeout(() => {
      if (!slot.ready && slot.proc === proc) {
        slot.killCause = new Error('did not start in time');
        proc.kill();
      }
    }, this.opts.startTimeoutMs ?? 30_000);
    onSideMessage(proc, (msg) => {
      if (slot.proc !== proc) return;
      if (msg.type === 'ready') {
        clearTimeout(startTimer);
        slot.ready = true;
        slot.startFailures = 0;
        slot.state = 'idle';
        this.log('debug', slot.id, `ready ${Date.now() - spawnedAt} ms after its start`);
        if (this.opts.warmUp) {
          const noop = (): void => undefined;
          const report = (r: unknown): void => this.log('debug', slot.id, `exporter loaded in ${(r as Awaited<ReturnType<WorkerApi['warmUp']>>).ms} ms`);
          void this.execute(slot, { opts: { label: 'warming up' }, run: (api) => api.warmUp(), resolve: report, reject: noop });
        }
        this.changed();
        this.pump();
      } else if (msg.type === 'log') {
        this.log(msg.level, slot.id, msg.text);
      } else if (msg.type === 'file' || msg.type === 'search') {
        slot.currentFile = msg.relPath;
        slot.currentSearch = msg.type === 'search' ? msg.search : null;
        if (msg.type === 'file') {
          slot.task = msg.relPath;
          this.armWatchdog(slot);
          this.changed();
        }
      }
      slot.job?.opts.onSide?.(msg);
    });
    proc.onExit((exit) => {
      clearTimeout(startTimer);
      if (slot.proc === proc) this.onExit(slot, exit);
    });
    this.changed();
  }

  private onStartFailure(slot: Slot, reason: string): void {
    this.lastStartError = reason;
    slot.startFailures++;
    this.log('error', slot.id, `worker could not start: ${reason}`);
    if (slot.startFailures >= MAX_START_FAILURES || this.closed) {
      slot.state = 'stopped';
      slot.proc = null;
      slot.remote = null;
      this.changed();
      if (this.slots.every((s) => s.retired || s.state === 'stopped')) {
        for (const job of this.queue.splice(0)) job.reject(new PoolUnavailableError(`no worker could be started: ${reason}`));
      }
      return;
    }
    setTimeout(() => this.spawn(slot), 200 * slot.startFailures).unref();
  }

  private onExit(slot: Slot, exit: WorkerExit): void {
    const wasReady = slot.ready;
    const job = slot.job;
    for (const fail of slot.directCalls) fail(new WorkerDiedError(slot.id, exit.reason, null));
    slot.directCalls.clear();
    this.clearWatchdog(slot);
    slot.ready = false;
    slot.job = null;
    slot.task = null;
    if (job) {
      const err = slot.killCause ?? new WorkerDiedError(slot.id, exit.reason, slot.currentFile);
      if (!(slot.killCause instanceof WatchdogError)) this.log('warn', slot.id, err.message);
      job.reject(err);
    }
    slot.currentFile = null;
    slot.currentSearch = null;
    if (this.closed || slot.retired) {
      slot.state = 'stopped';
      slot.proc = null;
      this.changed();
      return;
    }
    if (!wasReady && !job) {
      this.onStartFailure(slot, slot.killCause?.message ?? exit.reason);
      return;
    }
    this.spawn(slot);
  }

  private armWatchdog(slot: Slot): void {
    this.clearWatchdog(slot);
    const timeoutMs = slot.job?.opts.timeoutMs;
    if (!timeoutMs || !slot.proc) return;
    const proc = slot.proc;
    slot.watchdog = setTimeout(() => {
      if (slot.proc !== proc || !slot.job) return;
      slot.killCause = new WatchdogError(slot.id, timeoutMs, slot.currentFile, slot.currentSearch);
      this.log('warn', slot.id, slot.killCause.message);
      proc.kill();
    }, timeoutMs);
  }

  private clearWatchdog(slot: Slot): void {
    if (slot.watchdog) clearTimeout(slot.watchdog);
    slot.watchdog = null;
  }

  private stopSlot(slot: Slot): void {
    slot.proc?.kill();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (slot.retired || !slot.ready || slot.job || !slot.remote) continue;
      const at = this.nextJobFor(slot);
      if (at < 0) continue;
      const job = this.queue.splice(at, 1)[0] as Job;
      if (job.onAbort) job.opts.signal?.removeEventListener('abort', job.onAbort);
      void this.execute(slot, job);
    }
  }

  /** Queue position of the job an idle slot takes (-1: none): its own or a shared one first, else it steals. */
  private nextJobFor(slot: Slot): number {
    const live = new Set(this.slots.filter((s) => !s.retired && s.state !== 'stopped').map((s) => s.id));
    const mine = (j: Job): boolean => j.opts.prefer === undefined || j.opts.prefer === slot.id || !live.has(j.opts.prefer);
    const own = this.queue.findIndex(mine);
    return own >= 0 ? own : this.queue.findIndex((j) => !j.opts.strict);
  }

  private async execute(slot: Slot, job: Job): Promise<void> {
    const proc = slot.proc;
    const remote = slot.remote as RemoteApi;
    slot.job = job;
    slot.state = 'busy';
    slot.task = job.opts.label;
    slot.currentFile = null;
    slot.currentSearch = null;
    this.armWatchdog(slot);
    this.changed();
    let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
    try {
      const set = job.opts.searchSet;
      if (set && !slot.loadedSets.has(set.key)) {
        await remote.loadSearchSet(set);
        slot.loadedSets.add(set.key);
      }
      outcome = { ok: true, value: await job.run(remote, { slot: slot.id, process: slot.process }) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // If the worker died, onExit already settled the job and a new process took the slot.
    if (slot.job !== job || slot.proc !== proc) return;
    this.clearWatchdog(slot);
    slot.job = null;
    slot.task = null;
    slot.state = 'idle';
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.error);
    if (slot.retired) this.stopSlot(slot);
    this.changed();
    this.pump();
  }
}
