import { describe, expect, it } from 'vitest';
import { lowerWorkerPriority, WORKER_NICE, WORKER_V8_FLAGS, workerV8Flags } from './worker-tuning';

describe('workerV8Flags', () => {
  it('keeps V8 GC threads while a core is left over, and turns them off once the workers fill the cores', () => {
    expect(workerV8Flags(1, 2)).toEqual([...WORKER_V8_FLAGS]);
    expect(workerV8Flags(3, 4)).not.toContain('--single-threaded-gc');
    expect(workerV8Flags(2, 2)).toEqual([...WORKER_V8_FLAGS, '--single-threaded-gc']);
    expect(workerV8Flags(8, 2)).toContain('--single-threaded-gc');
  });
});

describe('lowerWorkerPriority', () => {
  it('sets the worker nice level once there is a pid, and shrugs off a refusal', () => {
    const calls: [number, number][] = [];
    lowerWorkerPriority(null, (pid, p) => void calls.push([pid, p]));
    lowerWorkerPriority(42, (pid, p) => void calls.push([pid, p]));
    expect(calls).toEqual([[42, WORKER_NICE]]);
    expect(() =>
      lowerWorkerPriority(43, () => {
        throw new Error('EACCES');
      }),
    ).not.toThrow();
  });
});
