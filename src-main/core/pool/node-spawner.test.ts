import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeSpawner, WORKER_EXEC_ARGV, workerExecArgv } from './node-spawner';
import { WORKER_NICE } from './spawner';

describe('workerExecArgv', () => {
  it('keeps V8 GC threads while a core is left over, and turns them off once the workers fill the cores', () => {
    expect(workerExecArgv(1, 2)).toEqual([...WORKER_EXEC_ARGV]);
    expect(workerExecArgv(3, 4)).not.toContain('--single-threaded-gc');
    expect(workerExecArgv(2, 2)).toEqual([...WORKER_EXEC_ARGV, '--single-threaded-gc']);
    expect(workerExecArgv(8, 2)).toContain('--single-threaded-gc');
  });
});

describe('NodeSpawner', () => {
  // A worker module that stays alive until killed.
  const dir = mkdtempSync(join(tmpdir(), 'kpat-node-spawner-'));
  const idleWorker = join(dir, 'idle-worker.cjs');
  writeFileSync(idleWorker, 'setInterval(() => undefined, 1000);\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lowers the priority of each worker it starts', async () => {
    const priorities: [number, number][] = [];
    const spawner = new NodeSpawner({
      modulePath: idleWorker,
      log: () => undefined,
      setPriority: (pid, priority) => void priorities.push([pid, priority]),
    });
    const worker = spawner.spawn({ slot: 1, poolSize: 1 });
    const exited = new Promise((resolve) => worker.onExit(resolve));
    expect(priorities).toEqual([[worker.pid, WORKER_NICE]]);
    worker.kill();
    await exited;
  });

  it('keeps going when the priority cannot be changed', async () => {
    const spawner = new NodeSpawner({
      modulePath: idleWorker,
      log: () => undefined,
      setPriority: () => {
        throw new Error('EACCES');
      },
    });
    const worker = spawner.spawn({ slot: 1 });
    const exited = new Promise((resolve) => worker.onExit(resolve));
    expect(worker.pid).toBeGreaterThan(0);
    worker.kill();
    await exited;
  });
});
