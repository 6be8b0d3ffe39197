import { describe, expect, it } from 'vitest';
import { familyBins, planSearchTasks, splitSearches } from './plan';

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
    expect(planSearchTasks([f('one.txt', 1)], { workers: 4, searchIndexes: [9] })).toEqual([{ files: [f('one.txt', 1)], bytes: 1, home: 0 }]);
    expect(planSearchTasks([], { workers: 4, searchIndexes: [1, 2] })).toEqual([]);
  });

  it('splitSearches never makes empty parts', () => {
    expect(splitSearches([5, 6], 4)).toEqual([[5], [6]]);
  });

  it('keeps an OS family on one worker when the balance allows, and cuts only the largest family', () => {
    // The shared reference files: Linux 4.0 MB, Windows 2.6 MB, macOS 0.8 MB.
    const files = [f('rhel', 976), f('ubuntu', 3000), f('mac', 816), f('win10', 988), f('win11', 1200), f('win2022', 456)];
    const families = new Map<string, 'Linux' | 'Windows' | 'Darwin'>([
      ['rhel', 'Linux'],
      ['ubuntu', 'Linux'],
      ['mac', 'Darwin'],
      ['win10', 'Windows'],
      ['win11', 'Windows'],
      ['win2022', 'Windows'],
    ]);
    const bins = familyBins(files, 2, families).map((b) => b.map((x) => x.relPath));
    expect(bins).toEqual([['ubuntu', 'rhel'], ['win11', 'win10', 'win2022', 'mac']]);
    const tasks = planSearchTasks(files, { workers: 2, searchIndexes: [0, 1], families, smallFileBytes: 1 });
    expect(tasks.map((t) => `${names(t).join()}@${t.home}`)).toEqual(['ubuntu@0', 'win11@1', 'win10@1', 'rhel@0', 'mac@1', 'win2022@1']);
    // One family only: split by size across both workers.
    const one = familyBins([f('a', 50), f('b', 40), f('c', 30), f('d', 20)], 2, new Map());
    expect(one.map((b) => b.map((x) => x.relPath))).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('puts files of unknown family last, and never leaves a worker without a bin', () => {
    const families = new Map([['known', 'Linux' as const]]);
    const bins = familyBins([f('unknown', 100), f('known', 10)], 3, families);
    expect(bins.map((b) => b.map((x) => x.relPath))).toEqual([['known'], ['unknown'], []]);
  });
});
