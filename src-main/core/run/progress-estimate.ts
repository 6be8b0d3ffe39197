// How long a run has left, or where it is stuck: the ETA of the progress events, from what the
// run has done so far. Pure (the RunReporter feeds it a snapshot at each event), so each rule is
// tested alone.
//
// Searching counts down by bytes. A countdown only means something while files keep finishing:
// when none has finished for clearly longer than files take (STALL_FACTOR times the usual file
// time, and never under MIN_STALL_MS), and a worker has been on its file that long too (longer
// for a large file, in proportion to its size), the run is stalled on that file, and the ETA
// says so with the worker's search instead of counting down (or up) a number that means nothing.
// Exporting counts down by rows written; no row for EXPORT_STALL_MS is a stall on that workbook
// and its sheet.
import type { RunPhase, RunStall, WorkerStatus } from '../../contract/ipc';

/** A file is late when it took this many times what files usually take (files differ in size). */
export const STALL_FACTOR = 3;
/** Never stalled sooner: the usual file of a small run takes milliseconds. */
export const MIN_STALL_MS = 5_000;
/** Before any file has finished there is no usual time: the first file gets this long. */
export const FIRST_FILE_STALL_MS = 15_000;
/** An export that wrote no row (and took no step) for this long is stalled. */
export const EXPORT_STALL_MS = 15_000;

export interface SearchClock {
  startedMs: number;
  /** When the latest file finished (searched, skipped or failed); null before the first. */
  lastFileDoneMs: number | null;
  filesDone: number;
  bytesDone: number;
  bytesTotal: number;
  /** The times between consecutive file finishes (the first from the start), the latest ones. */
  finishGapsMs: readonly number[];
}

/** How many finish gaps a SearchClock keeps (the usual file time is their median). */
export const GAPS_KEPT = 256;

export interface ExportClock {
  startedMs: number;
  rowsWritten: number;
  rowsTotal: number;
  /** When an export last wrote rows or took a step. */
  lastAdvanceMs: number;
}

export interface EstimateInput {
  nowMs: number;
  phase: RunPhase;
  /** Workers of the pool (the usual file time is per worker). */
  workerCount: number;
  search: SearchClock | null;
  export: ExportClock | null;
  workers: readonly WorkerStatus[];
  /** A file's size by its relative path (a worker's task), when it is one of the run's files. */
  fileBytes: (relPath: string) => number | undefined;
}

export interface Estimate {
  etaSeconds: number | null;
  stalled: RunStall | null;
}

const NONE: Estimate = { etaSeconds: null, stalled: null };

export function estimateProgress(input: EstimateInput): Estimate {
  if (input.phase === 'searching' && input.search) return searching(input, input.search);
  if (input.phase === 'exporting' && input.export) return exporting(input, input.export);
  return NONE;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function countdown(done: number, total: number, sinceMs: number): number | null {
  if (done <= 0 || total <= done || sinceMs <= 0) return null;
  const perMs = done / sinceMs;
  return Math.ceil((total - done) / perMs / 1000);
}

function stallOf(worker: WorkerStatus): RunStall {
  return { task: worker.task ?? '', detail: worker.detail, forMs: worker.taskMs ?? 0, worker: worker.id };
}

function busyWorkers(workers: readonly WorkerStatus[]): WorkerStatus[] {
  return workers.filter((w) => w.state === 'busy' && w.task !== null && w.taskMs !== null);
}

function searching(input: EstimateInput, clock: SearchClock): Estimate {
  const { nowMs } = input;
  const workers = Math.max(1, input.workerCount);
  // The median gap between finishes, not their mean: a file that waited behind a stalled one
  // (in its batch) finishes after a long gap, which must not make the stall look usual.
  const gap = median(clock.finishGapsMs);
  const usualFileMs = clock.filesDone > 0 && gap !== null && gap > 0 ? gap * workers : null;
  const bytesPerWorkerMs = usualFileMs !== null && clock.bytesDone > 0 ? clock.bytesDone / clock.filesDone / usualFileMs : null;
  const lateAfter = (expectedMs: number | null): number =>
    expectedMs === null ? FIRST_FILE_STALL_MS : Math.max(MIN_STALL_MS, STALL_FACTOR * expectedMs);

  const quietMs = nowMs - (clock.lastFileDoneMs ?? clock.startedMs);
  let stalled: WorkerStatus | null = null;
  if (quietMs > lateAfter(usualFileMs)) {
    for (const w of busyWorkers(input.workers)) {
      const bytes = input.fileBytes(w.task as string);
      const bySize = bytes !== undefined && bytesPerWorkerMs ? bytes / bytesPerWorkerMs : null;
      const expected = usualFileMs === null ? null : Math.max(usualFileMs, bySize ?? 0);
      if ((w.taskMs as number) > lateAfter(expected) && (stalled === null || (w.taskMs as number) > (stalled.taskMs as number))) stalled = w;
    }
  }
  if (stalled) return { etaSeconds: null, stalled: stallOf(stalled) };
  return { etaSeconds: countdown(clock.bytesDone, clock.bytesTotal, nowMs - clock.startedMs), stalled: null };
}

function exporting(input: EstimateInput, clock: ExportClock): Estimate {
  if (input.nowMs - clock.lastAdvanceMs > EXPORT_STALL_MS) {
    const busy = busyWorkers(input.workers).sort((a, b) => (b.taskMs as number) - (a.taskMs as number));
    const stuck = busy.find((w) => (w.task as string).startsWith('export ')) ?? busy[0];
    if (stuck) return { etaSeconds: null, stalled: stallOf(stuck) };
  }
  return { etaSeconds: countdown(clock.rowsWritten, clock.rowsTotal, input.nowMs - clock.startedMs), stalled: null };
}
