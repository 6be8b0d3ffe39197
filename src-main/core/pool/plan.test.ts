import { describe, expect, it } from 'vitest';
import { planSearchTasks, splitSearches } from './plan';

const f = (relPath: string, sizeBytes: number) => ({ relPath, filePath: `/in/${relPath}`, sizeBytes });
const names = (t: { files: { relPath: string }[] }) => t.files.map((x) => x.relPath);

describe('planSearchTasks', () => {
  it('orders files largest first (ties by path) and batches small ones', () => {
    const files = [f('b.txt', 10), f('big.txt', 5_000_000), f('a.txt', 10), f('mid.txt', 300_000), f('c.txt', 20)];
    const tasks = planSearchTasks(files, { workers: 2, searchIndexes: [0, 1] });
    expect(tasks.map(names)).toEqual([['big.txt'], ['mid.txt'], ['c.txt', 'a.txt', 'b.txt']]);
    expect(tasks[2]?.bytes).toBe(40);
  });

  it('caps batches by bytes and by count', () => {
    const files = Array.from({ length: 5 }, (_, i) => f(`s${i}.txt`, 100));
    expect(planSearchTasks(files, { workers: 1, searchIndexes: [0], batchFiles: 2 }).map(names)).toEqual([
      ['s0.txt', 's1.txt'],
      ['s2.txt', 's3.txt'],
      ['s4.txt'],
    ]);
    expect(planSearchTasks(files, { workers: 1, searchIndexes: [0], batchBytes: 250 }).map((t) => t.files.length)).toEqual([2, 2, 1]);
  });

  it('splits searches of the largest files when there are fewer files than workers', () => {
    const tasks = planSearchTasks([f('one.txt', 1000), f('two.txt', 3000)], { workers: 4, searchIndexes: [0, 1, 2, 3, 4] });
    expect(tasks).toHaveLength(4);
    const parts = (p: string) => tasks.filter((t) => t.files[0]?.relPath === p).map((t) => t.only);
    expect(parts('two.txt')).toEqual([
      [0, 2, 4],
      [1, 3],
    ]);
    expect(parts('one.txt').flat().sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('does not split with a single search, and handles no files', () => {
    expect(planSearchTasks([f('one.txt', 1)], { workers: 4, searchIndexes: [9] })).toEqual([{ files: [f('one.txt', 1)], bytes: 1 }]);
    expect(planSearchTasks([], { workers: 4, searchIndexes: [1, 2] })).toEqual([]);
  });

  it('splitSearches never makes empty parts', () => {
    expect(splitSearches([5, 6], 4)).toEqual([[5], [6]]);
  });
});
