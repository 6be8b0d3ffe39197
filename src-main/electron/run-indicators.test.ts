import { describe, expect, it } from 'vitest';
import type { RunEvent, RunPhase, RunSummary } from '../contract/ipc';
import { RunIndicators } from './run-indicators';

function progress(phase: RunPhase, bytesDone: number, bytesTotal: number): RunEvent {
  return {
    type: 'progress',
    progress: { runId: 'r', phase, filesDone: 0, filesTotal: 1, bytesDone, bytesTotal, rowsFound: 0, systemsSearched: 0, filesSkipped: 0, filesFailed: 0, exports: [], workers: [], etaSeconds: null, stalled: null, elapsedMs: 0 },
  };
}
const done = (outcome: RunSummary['outcome']): RunEvent => ({ type: 'done', summary: { outcome } as RunSummary });

describe('RunIndicators', () => {
  it('blocks sleep once per run, shows search progress, and clears both at the end', () => {
    const calls: string[] = [];
    const ind = new RunIndicators({
      setProgress: (v, m) => calls.push(`bar ${v} ${m}`),
      preventSleep: () => {
        calls.push('block');
        return 7;
      },
      allowSleep: (id) => calls.push(`unblock ${id}`),
    });
    ind.handle(progress('discovering', 0, 0));
    ind.handle(progress('searching', 50, 200));
    ind.handle(progress('exporting', 200, 200));
    ind.handle(done('complete'));
    expect(calls).toEqual(['block', 'bar 2 indeterminate', 'bar 0.25 normal', 'bar 2 indeterminate', 'unblock 7', 'bar -1 none']);
  });

  it.each([
    ['failed', 'a red bar', '1 error'],
    ['partial', 'a paused (warning) bar', '1 paused'],
  ] as const)('a %s run leaves %s', (outcome, _what, bar) => {
    const calls: string[] = [];
    const ind = new RunIndicators({ setProgress: (v, m) => calls.push(`${v} ${m}`), preventSleep: () => 1, allowSleep: () => calls.push('unblock') });
    ind.handle(progress('searching', 1, 2));
    ind.handle(done(outcome));
    expect(calls.slice(-2)).toEqual(['unblock', bar]);
  });
});
