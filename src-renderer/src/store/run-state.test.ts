import { describe, expect, it } from 'vitest';
import type { RunEvent, RunProgress, RunSummary } from '../../../src-main/contract/ipc';
import { applyRunEvents, cancelRequested, initialRunState, LOG_LIMIT, nextCancelAction, overallPercent, runStarted, runStartFailed, runStarting } from './run-state';

function progress(runId: string, patch: Partial<RunProgress> = {}): RunEvent {
  return {
    type: 'progress',
    progress: { runId, phase: 'searching', filesDone: 0, filesTotal: 6, bytesDone: 0, bytesTotal: 600, rowsFound: 0, systemsSearched: 0, filesSkipped: 0, filesFailed: 0, exports: [], workers: [], etaSeconds: null, stalled: null, elapsedMs: 0, ...patch },
  };
}

function done(runId: string, outcome: RunSummary['outcome'] = 'complete'): RunEvent {
  return {
    type: 'done',
    summary: { runId, outcome, error: null, root: '/r', outputDir: '/r/results', searchSetTitle: 't', startedAt: '', elapsedMs: 1, systems: 6, filesTotal: 6, filesSearched: 6, skipped: [], failedFiles: [], families: [], familiesWithoutWorkbook: [], manifestPath: null },
  };
}

const running = runStarted(runStarting(), 'run-1');

describe('run reducers', () => {
  it('keeps the latest progress of its own run and ignores other runs', () => {
    const s = applyRunEvents(running, [progress('run-1', { filesDone: 1 }), progress('run-9', { filesDone: 5 }), progress('run-1', { filesDone: 2 })]);
    expect(s.progress?.filesDone).toBe(2);
  });

  it('buffers events that arrive before startRun answers and replays those of the run', () => {
    let s = runStarting();
    s = applyRunEvents(s, [progress('run-1', { filesDone: 3 }), { type: 'warning', runId: 'run-1', message: 'w', file: 'a.txt' }]);
    expect(s.progress).toBeNull();
    expect(s.pending).toHaveLength(2);
    s = runStarted(s, 'run-1');
    expect(s.status).toBe('running');
    expect(s.progress?.filesDone).toBe(3);
    expect(s.log.map((l) => l.message)).toEqual(['w']);
    expect(s.pending).toEqual([]);
  });

  it('logs warnings and errors in order with increasing ids', () => {
    const s = applyRunEvents(running, [
      { type: 'warning', runId: 'run-1', message: 'first', file: null },
      { type: 'error', runId: 'run-1', message: 'second', file: 'x.txt', search: 'bios' },
    ]);
    expect(s.log.map((l) => [l.level, l.message, l.search])).toEqual([
      ['warning', 'first', null],
      ['error', 'second', 'bios'],
    ]);
    expect(s.log[1]!.id).toBeGreaterThan(s.log[0]!.id);
  });

  it('caps the log and counts what it dropped', () => {
    const events: RunEvent[] = Array.from({ length: LOG_LIMIT + 25 }, (_, i) => ({ type: 'warning', runId: 'run-1', message: `w${i}`, file: null }));
    const s = applyRunEvents(running, events);
    expect(s.log).toHaveLength(LOG_LIMIT);
    expect(s.logDropped).toBe(25);
    expect(s.log[0]!.message).toBe('w25');
  });

  it("finishes on 'done' and ignores anything after it", () => {
    const s = applyRunEvents(running, [done('run-1'), progress('run-1', { filesDone: 6 })]);
    expect(s.status).toBe('finished');
    expect(s.summary?.outcome).toBe('complete');
    expect(s.progress).toBeNull();
    expect(applyRunEvents(s, [progress('run-1')])).toBe(s);
  });

  it('ignores events when no run is going', () => {
    expect(applyRunEvents(initialRunState, [progress('run-1')])).toBe(initialRunState);
  });

  it('turns Cancel into Force stop, and nothing after forcing', () => {
    expect(nextCancelAction(initialRunState)).toBeNull();
    expect(nextCancelAction(running)).toBe('cancel');
    const cancelling = cancelRequested(running, false);
    expect(nextCancelAction(cancelling)).toBe('force');
    expect(nextCancelAction(cancelRequested(cancelling, true))).toBeNull();
    // The host may report cancelling on its own (menu, another window).
    expect(nextCancelAction(applyRunEvents(running, [progress('run-1', { phase: 'cancelling' })]))).toBe('force');
  });

  it('records a failed start', () => {
    const s = runStartFailed(runStarting(), 'no workers');
    expect(s.status).toBe('idle');
    expect(s.startError).toBe('no workers');
  });
});

describe('overall progress', () => {
  const at = (phase: RunProgress['phase'], done: number, total: number, bytes = true) =>
    ({ runId: 'run-1', phase, filesDone: done, filesTotal: total, bytesDone: bytes ? done * 100 : 0, bytesTotal: bytes ? total * 100 : 0, rowsFound: 0, systemsSearched: 0, filesSkipped: 0, filesFailed: 0, exports: [], workers: [], etaSeconds: null, stalled: null, elapsedMs: 0 }) as RunProgress;

  it('maps each phase onto its share of the run', () => {
    expect(overallPercent(at('detecting', 6, 6))).toBe(10);
    expect(overallPercent(at('searching', 0, 6))).toBe(12);
    expect(overallPercent(at('searching', 3, 6))).toBe(51);
    expect(overallPercent(at('searching', 3, 6, false))).toBe(51);
    // Before rows are counted, exports count workbooks, not bytes.
    const exports = (['Linux', 'Windows', 'Darwin'] as const).map((family, i) => ({ family, step: i === 0 ? ('done' as const) : ('tables' as const), rowsWritten: 0, rowsTotal: 0, sheet: null, worker: null }));
    expect(overallPercent({ ...at('exporting', 6, 6), exports, bytesDone: 600, bytesTotal: 600 })).toBe(94);
    expect(overallPercent(at('done', 0, 0))).toBe(100);
    expect(overallPercent(at('cancelling', 2, 6))).toBeNull();
  });

  it('exporting advances with the rows written of the rows to write, not only when a workbook is done', () => {
    const exports: RunProgress['exports'] = [
      { family: 'Linux', step: 'sheets', rowsWritten: 5000, rowsTotal: 10_000, sheet: 'Packages', worker: 1 },
      { family: 'Windows', step: 'tables', rowsWritten: 0, rowsTotal: 10_000, sheet: null, worker: 2 },
    ];
    // No workbook finished yet, a quarter of the rows written: a quarter of the export's span.
    expect(overallPercent({ ...at('exporting', 6, 6), exports })).toBe(93);
    const most = exports.map((e) => ({ ...e, rowsWritten: 9_000 }));
    expect(overallPercent({ ...at('exporting', 6, 6), exports: most })).toBe(98);
  });

  it('never goes back, even when the next phase counts from zero', () => {
    const events: RunEvent[] = [at('detecting', 6, 6), at('searching', 0, 6), at('searching', 2, 6), at('cancelling', 0, 0)].map((progress) => ({ type: 'progress', progress }));
    const seen: number[] = [];
    let s = running;
    for (const e of events) {
      s = applyRunEvents(s, [e]);
      seen.push(s.percent);
    }
    expect(seen).toEqual([10, 12, 38, 38]);
  });
});
