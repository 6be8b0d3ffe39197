import { describe, expect, it } from 'vitest';
import { WORKER_EXEC_ARGV, workerExecArgv } from './node-spawner';

describe('workerExecArgv', () => {
  it('keeps V8 GC threads while a core is left over, and turns them off once the workers fill the cores', () => {
    expect(workerExecArgv(1, 2)).toEqual([...WORKER_EXEC_ARGV]);
    expect(workerExecArgv(3, 4)).not.toContain('--single-threaded-gc');
    expect(workerExecArgv(2, 2)).toEqual([...WORKER_EXEC_ARGV, '--single-threaded-gc']);
    expect(workerExecArgv(8, 2)).toContain('--single-threaded-gc');
  });
});
