// Runs the planned search tasks of one run on the pool, with the retry policy of issue 4:
// a task whose worker dies (or is stopped by the watchdog, or throws) is retried once; a file
// that fails twice is reported as failed (named, with the reason) and the run goes on.
// A retry after a watchdog runs in diagnostic mode (one search at a time, announced), so that
// if it hangs again the report can name the search; the file is then searched a last time
// without that search, so that a runaway regex costs its own rows and nobody else's (the file
// ends searched, with the stopped search named: the run is partial).
import { join } from 'node:path';
import type { DiscoveredFile } from '../../../src-worker/engine/discover';
import type { CheckResult, SkippedFile, SystemInfo } from '../../../src-worker/engine/types';
import type { SearchSetSource, SearchTask, SearchTaskResult } from '../../../src-worker/worker/api';
import { fileFailureReason, JobAbortedError, WatchdogError, WorkerDiedError } from './errors';
import type { PlannedTask } from './plan';
import type { WorkerHandle, WorkerPool } from './worker-pool';

/** Where one task's rows of a file are: in a worker process's memory, or (holder null) in the spill file. */
export interface SpillPart {
  path: string;
  holder: WorkerHandle | null;
  /** The searches of this part, when the file's searches were split. */
  only?: number[];
  /**
   * The holder let go of these rows after the export that used them (they were never written to
   * the spill file): a second export of the family searches the file again (gather-rows.ts).
   */
  released?: boolean;
}

/** A search left out of a file after the watchdog stopped it there twice. */
export interface StoppedSearch {
  search: string;
  reason: string;
}

export type FileSearchOutcome =
  | {
      kind: 'searched';
      file: DiscoveredFile;
      system: SystemInfo;
      parts: SpillPart[];
      rowCounts: Record<number, number>;
      checks: CheckResult[];
      /** Searches that ran away on this file and were left out (its other searches' rows are kept). */
      stopped: StoppedSearch[];
    }
  | { kind: 'skipped'; file: DiscoveredFile; skipped: SkippedFile }
  | { kind: 'failed'; file: DiscoveredFile; reason: string; search: string | null };

export interface DispatchOptions {
  pool: WorkerPool;
  tasks: readonly PlannedTask[];
  searchSet: Extract<SearchSetSource, { kind: 'specs' }>;
  spillDir: string;
  perFileTimeoutMs: number;
  /** Let workers keep the rows in memory (the export then asks for them); default: spill files. */
  hold?: boolean;
  signal?: AbortSignal;
  /** A file is finished (all its parts), successfully or not. */
  onFile?: (outcome: FileSearchOutcome) => void;
  /** A task attempt failed and will be retried. */
  onRetry?: (relPath: string, reason: string) => void;
}

interface Unit {
  files: DiscoveredFile[];
  only?: number[];
  /** Previous failures of this unit's files (0 or 1). */
  attempt: number;
  diagnose: boolean;
  /** Which part of a split file (for the spill file name). */
  part: number;
  /** Preferred worker (position among the pool's workers), for the first attempt. */
  home?: number;
  /** The search this unit leaves out (it ran away on the unit's one file). */
  stopped?: StoppedSearch;
}

interface FileState {
  file: DiscoveredFile;
  ordinal: number;
  partsLeft: number;
  parts: SpillPart[];
  rowCounts: Record<number, number>;
  checks: CheckResult[];
  stopped: StoppedSearch[];
  system: SystemInfo | null;
  finished: boolean;
}

let taskSerial = 0;

/** A task id unique within this process (side messages and results refer to it). */
export function nextTaskId(): number {
  return ++taskSerial;
}

export function dispatchSearches(opts: DispatchOptions): Promise<FileSearchOutcome[]> {
  const { pool, signal } = opts;
  const states = new Map<string, FileState>();
  const outcomes: FileSearchOutcome[] = [];
  const units: Unit[] = [];
  for (const task of opts.tasks) {
    for (const file of task.files) {
      const state = states.get(file.relPath);
      if (state) state.partsLeft++;
      else states.set(file.relPath, { file, ordinal: states.size, partsLeft: 1, parts: [], rowCounts: {}, checks: [], stopped: [], system: null, finished: false });
    }
    const part = task.only ? (task.files[0] ? (states.get(task.files[0].relPath)?.partsLeft ?? 1) - 1 : 0) : 0;
    units.push({ files: task.files, ...(task.only ? { only: task.only } : {}), attempt: 0, diagnose: false, part, home: task.home });
  }
  const slotIds = pool.slotIds();
  const allSearches = opts.searchSet.searches.map((s) => s.index);

  return new Promise((resolve, reject) => {
    let outstanding = 0;

    const finish = (state: FileState, outcome: FileSearchOutcome): void => {
      if (state.finished) return;
      state.finished = true;
      outcomes.push(outcome);
      opts.onFile?.(outcome);
    };

    const settleOne = (): void => {
      outstanding--;
      if (outstanding === 0) resolve(outcomes);
    };

    const accept = (result: SearchTaskResult, worker: WorkerHandle, unit: Unit): void => {
      const { only } = unit;
      const state = states.get(result.relPath);
      if (!state || state.finished) return;
      if (!result.ok) return finish(state, { kind: 'skipped', file: state.file, skipped: result.skipped });
      state.system = result.system;
      if (unit.stopped) state.stopped.push(unit.stopped);
      state.parts.push({ path: result.spillPath, holder: result.held ? worker : null, ...(only ? { only } : {}) });
      for (const [index, n] of Object.entries(result.rowCounts)) state.rowCounts[Number(index)] = n;
      state.checks.push(...result.checks);
      if (--state.partsLeft === 0) {
        finish(state, {
          kind: 'searched',
          file: state.file,
          system: result.system,
          parts: state.parts,
          rowCounts: state.rowCounts,
          checks: state.checks,
          stopped: state.stopped,
        });
      }
    };

    const fail = (unit: Unit, err: unknown): void => {
      const culprit = err instanceof WorkerDiedError || err instanceof WatchdogError ? err.relPath : null;
      const search = err instanceof WatchdogError ? err.search : null;
      // Each failed file is named once, beside this reason (run summary, CLI, workbook, manifest).
      const reason = fileFailureReason(err);
      for (const file of unit.files) {
        const state = states.get(file.relPath);
        if (!state || state.finished) continue;
        // In a batch, only the file the worker was on when it failed counts as failing.
        const blamed = unit.files.length === 1 || culprit === null || culprit === file.relPath;
        const attempt = unit.attempt + (blamed ? 1 : 0);
        // The diagnostic retry named the search that runs away here: search the file once more without it.
        const runaway = blamed && unit.diagnose && !unit.stopped && err instanceof WatchdogError && err.search !== null && err.searchIndex !== null ? err : null;
        const rest = runaway ? (unit.only ?? allSearches).filter((i) => i !== runaway.searchIndex) : [];
        if (runaway?.search && rest.length) {
          opts.onRetry?.(file.relPath, `${reason}; searching it again without "${runaway.search}"`);
          const stopped = { search: runaway.search, reason: `it ran past the ${Math.round(runaway.timeoutMs / 1000)} s watchdog (a runaway regex?)` };
          submit({ files: [file], only: rest, attempt, diagnose: false, part: unit.part, stopped }, true);
          continue;
        }
        if (attempt >= 2) {
          finish(state, { kind: 'failed', file, reason: `${reason}; tried twice`, search });
          continue;
        }
        if (blamed) opts.onRetry?.(file.relPath, reason);
        submit(
          { files: [file], ...(unit.only ? { only: unit.only } : {}), attempt, diagnose: blamed && err instanceof WatchdogError, part: unit.part },
          true,
        );
      }
    };

    const submit = (unit: Unit, urgent: boolean): void => {
      if (signal?.aborted) return;
      outstanding++;
      const tasks: SearchTask[] = unit.files.map((file) => ({
        taskId: nextTaskId(),
        setKey: opts.searchSet.key,
        file,
        ...(unit.only ? { only: unit.only } : {}),
        spillPath: join(opts.spillDir, `${states.get(file.relPath)?.ordinal ?? 0}-p${unit.part}-a${unit.attempt}.spill`),
        diagnose: unit.diagnose,
        hold: opts.hold ?? false,
      }));
      const label = unit.files.length === 1 ? (unit.files[0]?.relPath ?? '') : `${unit.files.length} files`;
      const prefer = unit.home === undefined ? undefined : slotIds[unit.home % slotIds.length];
      pool
        .run(
          { label, timeoutMs: opts.perFileTimeoutMs, searchSet: opts.searchSet, urgent, ...(prefer === undefined ? {} : { prefer }), ...(signal ? { signal } : {}) },
          async (api, worker) => ({ worker, results: await api.searchFiles(tasks) }),
        )
        .then(
          ({ worker, results }) => results.forEach((r) => accept(r, worker, unit)),
          (err: unknown) => {
            if (err instanceof JobAbortedError || signal?.aborted) return;
            fail(unit, err);
          },
        )
        .catch(reject)
        .finally(settleOne);
    };

    if (units.length === 0) return resolve(outcomes);
    // Keep the count above zero until every first attempt is queued.
    outstanding++;
    for (const unit of units) submit(unit, false);
    settleOne();
  });
}
