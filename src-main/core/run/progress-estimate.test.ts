import { describe, expect, it } from 'vitest';
import type { WorkerStatus } from '../../contract/ipc';
import { estimateProgress, EXPORT_STALL_MS, FIRST_FILE_STALL_MS, MIN_STALL_MS, STALL_FACTOR, type EstimateInput } from './progress-estimate';

const busy = (id: number, task: string, taskMs: number, detail: string | null = null): WorkerStatus => ({ id, state: 'busy', task, pid: 100 + id, detail, taskMs });
const idle = (id: number): WorkerStatus => ({ id, state: 'idle', task: null, pid: 100 + id, detail: null, taskMs: null });

/** 2 workers, 20 s into the search, 10 of 20 files (50 of 100 MB) done, the last at 19 s: a file takes a worker 3.8 s, ~1.3 MB/s. */
function searching(patch: Partial<EstimateInput> = {}, search: Partial<NonNullable<EstimateInput['search']>> = {}): EstimateInput {
  return {
    nowMs: 120_000,
    phase: 'searching',
    workerCount: 2,
    search: { startedMs: 100_000, lastFileDoneMs: 119_000, filesDone: 10, bytesDone: 50e6, bytesTotal: 100e6, finishGapsMs: Array(10).fill(1_900), ...search },
    export: null,
    workers: [busy(1, 'a.txt', 1_500), busy(2, 'b.txt', 2_500)],
    fileBytes: () => 5e6,
    ...patch,
  };
}

describe('estimateProgress: searching', () => {
  it('counts down from the bytes searched so far', () => {
    expect(estimateProgress(searching())).toEqual({ etaSeconds: 20, stalled: null });
  });

  it('says where it is stalled instead of a countdown when no file finished for longer than files take', () => {
    // Usual file 3.8 s, so stalled after 3 × 3.8 = 11.4 s without a finished file, on the file worked on longest.
    const quiet = searching({ nowMs: 140_000, workers: [busy(1, 'a.txt', 14_000, 'search “Kernel modules”'), busy(2, 'slow.txt', 30_000, 'search “Runaway”')] });
    expect(estimateProgress(quiet)).toEqual({ etaSeconds: null, stalled: { task: 'slow.txt', detail: 'search “Runaway”', forMs: 30_000, worker: 2 } });
    // The same file 10 s in (no file done for 10 s < 11.4 s): still a countdown.
    const first = estimateProgress(searching({ nowMs: 129_000, workers: [busy(1, 'slow.txt', 10_000)] }));
    expect(first.stalled).toBeNull();
    expect(first.etaSeconds).toBe(29);
  });

  it('gives a large file time in proportion to its size before calling it stalled', () => {
    // 40 MB at ~1.3 MB/s is ~30 s of work: 30 s on it is no stall, 100 s (over 3 × 30 s) is.
    const big = (taskMs: number) => searching({ nowMs: 119_000 + taskMs, workers: [busy(1, 'big.txt', taskMs)], fileBytes: (p) => (p === 'big.txt' ? 40e6 : 5e6) });
    expect(estimateProgress(big(30_000)).stalled).toBeNull();
    expect(estimateProgress(big(100_000)).stalled?.task).toBe('big.txt');
  });

  it('waits a minimum time, and a longer one before the first file of the run', () => {
    const fast = searching({ nowMs: 123_000, workers: [busy(1, 'a.txt', 4_000)] }, { filesDone: 1000, finishGapsMs: Array(256).fill(19) });
    expect(MIN_STALL_MS).toBeGreaterThan(4_000);
    expect(estimateProgress(fast).stalled).toBeNull();
    const none = (ms: number) => searching({ nowMs: 100_000 + ms, workers: [busy(1, 'first.txt', ms)] }, { lastFileDoneMs: null, filesDone: 0, bytesDone: 0, finishGapsMs: [] });
    expect(estimateProgress(none(FIRST_FILE_STALL_MS - 1)).stalled).toBeNull();
    expect(estimateProgress(none(FIRST_FILE_STALL_MS + 1))).toEqual({ etaSeconds: null, stalled: { task: 'first.txt', detail: null, forMs: FIRST_FILE_STALL_MS + 1, worker: 1 } });
  });

  it('a file that waited behind the stalled one does not make the stall look usual', () => {
    // Nine files 1.9 s apart, then one that sat in the stalled file's batch finishes after 30 s.
    // Files still take 3.8 s (the median gap), so 16 s without a finish, 15 s on the retry, is a stall.
    const after = searching({ nowMs: 165_000, workers: [busy(1, 'slow.txt', 15_000, 'search “Runaway”')] }, { lastFileDoneMs: 149_000, finishGapsMs: [...Array(9).fill(1_900), 30_000] });
    expect(estimateProgress(after).stalled).toEqual({ task: 'slow.txt', detail: 'search “Runaway”', forMs: 15_000, worker: 1 });
  });

  it('is no stall while no worker is on a file (between files, or every worker idle)', () => {
    const later = 120_000 + 10 * STALL_FACTOR * 4_000;
    expect(estimateProgress(searching({ nowMs: later, workers: [idle(1), idle(2)] })).stalled).toBeNull();
  });
});

describe('estimateProgress: exporting', () => {
  const exporting = (patch: Partial<NonNullable<EstimateInput['export']>> = {}, nowMs = 210_000): EstimateInput => ({
    ...searching(),
    nowMs,
    phase: 'exporting',
    export: { startedMs: 200_000, rowsWritten: 20_000, rowsTotal: 100_000, lastAdvanceMs: nowMs - 200, ...patch },
    workers: [busy(1, 'export Linux', 10_000, 'sheet “Packages”'), idle(2)],
  });

  it('counts down from the rows written so far', () => {
    expect(estimateProgress(exporting())).toEqual({ etaSeconds: 40, stalled: null });
  });

  it('no estimate before the first rows, nor once every row is written (the workbook is being closed)', () => {
    expect(estimateProgress(exporting({ rowsWritten: 0 })).etaSeconds).toBeNull();
    expect(estimateProgress(exporting({ rowsWritten: 100_000 })).etaSeconds).toBeNull();
  });

  it('says which workbook and sheet when no row was written for a long while', () => {
    expect(EXPORT_STALL_MS).toBeLessThan(18_000);
    const stuck = exporting({ lastAdvanceMs: 212_000 }, 230_000);
    expect(estimateProgress(stuck)).toEqual({ etaSeconds: null, stalled: { task: 'export Linux', detail: 'sheet “Packages”', forMs: 10_000, worker: 1 } });
  });
});

describe('estimateProgress: other phases', () => {
  it('has neither estimate nor stall', () => {
    expect(estimateProgress({ ...searching(), phase: 'merging' })).toEqual({ etaSeconds: null, stalled: null });
    expect(estimateProgress({ ...searching(), phase: 'done' })).toEqual({ etaSeconds: null, stalled: null });
  });
});
