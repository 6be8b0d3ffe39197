// The run's progress events: throttled, but never so that the search phase ends on a stale count.
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunProgress } from '../../contract/ipc';
import { RunReporter } from './run-context';

describe('RunReporter', () => {
  it('throttles progress while files finish, but always tells the last one', () => {
    const events: RunEvent[] = [];
    const report = new RunReporter('r1', new Date(), (e) => events.push(e), () => [], 60_000);
    report.searchStarted([1, 2, 3].map((n) => ({ relPath: `f${n}.txt`, filePath: `/in/f${n}.txt`, sizeBytes: 10 })));
    report.fileFinished('searched', 10, 1);
    report.fileFinished('skipped', 10, 0);
    report.fileFinished('searched', 10, 2);
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress as RunProgress] : []));
    // The phase change is told at once; the first two finishes fall within the throttle; the last is told.
    expect(progress.map((p) => [p.phase, p.filesDone, p.systemsSearched, p.filesSkipped, p.rowsFound])).toEqual([
      ['searching', 0, 0, 0, 0],
      ['searching', 3, 2, 1, 3],
    ]);
  });
});
