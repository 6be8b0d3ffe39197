import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../contract/ipc';
import { renderProgressLine } from './progress-bar';

const base: RunProgress = {
  runId: 'r',
  phase: 'searching',
  filesDone: 3,
  filesTotal: 12,
  bytesDone: 500,
  bytesTotal: 1000,
  rowsFound: 4200,
  systemsSearched: 3,
  filesSkipped: 0,
  filesFailed: 0,
  exports: [],
  workers: [
    { id: 1, state: 'busy', task: 'linux/ubuntu-22.04-0.6.22.txt', pid: 11, detail: null, taskMs: 300 },
    { id: 2, state: 'idle', task: null, pid: 12, detail: null, taskMs: null },
  ],
  etaSeconds: 7,
  stalled: null,
  elapsedMs: 1000,
};

describe('renderProgressLine', () => {
  it('shows phase, bar by bytes, counts, rows, ETA and what the busy workers do', () => {
    const line = renderProgressLine(base, 140);
    expect(line).toMatch(/^Searching\s+\[#{12}-{12}\]\s+50%\s+3\/12\s+4200 rows\s+ETA 7s\s+linux\/ubuntu-22\.04-0\.6\.22\.txt$/);
  });

  it('fits the terminal width and keeps the end of long paths', () => {
    const long = { ...base, workers: [{ id: 1, state: 'busy' as const, task: `very/${'deep/'.repeat(20)}file.txt`, pid: 1, detail: null, taskMs: 5 }] };
    const line = renderProgressLine(long, 100);
    expect(line.length).toBeLessThan(100);
    expect(line).toMatch(/….*file\.txt$/);
    expect(renderProgressLine({ ...base, filesTotal: 0, bytesTotal: 0, etaSeconds: null, workers: [] }, 80)).toMatch(/\[-{24}\]\s+0%/);
    // Exporting with no row count yet: families done, not bytes.
    const waiting = (family: 'Linux' | 'Windows' | 'Darwin' | 'ActiveDirectory', step: 'done' | 'tables') => ({ family, step, rowsWritten: 0, rowsTotal: 0, sheet: null, worker: null });
    const exports = [waiting('Linux', 'done'), waiting('Windows', 'tables'), waiting('Darwin', 'tables'), waiting('ActiveDirectory', 'tables')];
    expect(renderProgressLine({ ...base, phase: 'exporting', exports, bytesDone: 1000, etaSeconds: null }, 80)).toMatch(/^Exporting\s+\[#{6}-{18}\]\s+25%\s+1\/4/);
  });

  it('exporting: advances by the rows written of the rows to write, with the sheet being written', () => {
    const exports: RunProgress['exports'] = [
      { family: 'Linux', step: 'sheets', rowsWritten: 3000, rowsTotal: 4000, sheet: 'Packages', worker: 1 },
      { family: 'Windows', step: 'done', rowsWritten: 1000, rowsTotal: 1000, sheet: null, worker: null },
    ];
    const workers: RunProgress['workers'] = [{ id: 1, state: 'busy', task: 'export Linux', pid: 11, detail: 'sheet “Packages”', taskMs: 900 }];
    const line = renderProgressLine({ ...base, phase: 'exporting', exports, workers, etaSeconds: 2 }, 140);
    expect(line).toMatch(/^Exporting\s+\[#{19}-{5}\]\s+80%\s+4000\/5000 rows\s+ETA 2s\s+export Linux: sheet “Packages”$/);
  });

  it('says where a stalled run is stuck instead of an ETA', () => {
    const stalled = { task: 'linux/big.txt', detail: 'search “Runaway”', forMs: 42_000, worker: 1 };
    expect(renderProgressLine({ ...base, etaSeconds: null, stalled }, 160)).toContain('stalled 42s on linux/big.txt / search “Runaway”');
  });
});
