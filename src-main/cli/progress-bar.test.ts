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
  workers: [
    { id: 1, state: 'busy', task: 'linux/ubuntu-22.04-0.6.22.txt', pid: 11 },
    { id: 2, state: 'idle', task: null, pid: 12 },
  ],
  etaSeconds: 7,
  elapsedMs: 1000,
};

describe('renderProgressLine', () => {
  it('shows phase, bar by bytes, counts, rows, ETA and what the busy workers do', () => {
    const line = renderProgressLine(base, 140);
    expect(line).toMatch(/^Searching\s+\[#{12}-{12}\]\s+50%\s+3\/12\s+4200 rows\s+ETA 7s\s+linux\/ubuntu-22\.04-0\.6\.22\.txt$/);
  });

  it('fits the terminal width and keeps the end of long paths', () => {
    const long = { ...base, workers: [{ id: 1, state: 'busy' as const, task: `very/${'deep/'.repeat(20)}file.txt`, pid: 1 }] };
    const line = renderProgressLine(long, 100);
    expect(line.length).toBeLessThan(100);
    expect(line).toMatch(/….*file\.txt$/);
    expect(renderProgressLine({ ...base, filesTotal: 0, bytesTotal: 0, etaSeconds: null, workers: [] }, 80)).toMatch(/\[-{24}\]\s+0%/);
    // Exporting: families done, not bytes.
    expect(renderProgressLine({ ...base, phase: 'exporting', filesDone: 1, filesTotal: 4, bytesDone: 1000, etaSeconds: null }, 80)).toMatch(/^Exporting\s+\[#{6}-{18}\]\s+25%\s+1\/4/);
  });
});
