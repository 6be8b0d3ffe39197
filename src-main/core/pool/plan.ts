// How the files of a run are cut into pool tasks (pure).
// - Largest first: the long tasks start early, so no worker is left with one big file at the end.
// - Small files are batched: a round trip per tiny file would cost more than searching it.
// - With fewer files than workers, the largest files' searches are split into parts so that
//   every worker has something to do (results are per search, so parts merge without conflict).
// - Each task has a home worker: the files of one OS family go to as few workers as the balance
//   allows, so that a family's export finds most of its rows in its own worker's memory instead
//   of spill files. Homes are preferences only: an idle worker steals (worker-pool.ts).
import type { DiscoveredFile } from '../../../src-worker/engine/discover';
import type { OsFamily } from '../../../src-worker/engine/types';

export interface PlannedTask {
  files: DiscoveredFile[];
  /** Search indexes of this part, when a file's searches are split; absent = all searches. */
  only?: number[];
  bytes: number;
  /** Preferred worker, 0-based position among the pool's workers. */
  home: number;
}

export interface PlanOptions {
  workers: number;
  searchIndexes: readonly number[];
  /** Guessed family per relPath (sniff.ts); files without one are grouped together. */
  families?: ReadonlyMap<string, OsFamily | null>;
  /** Files below this size may share a task. */
  smallFileBytes?: number;
  /** A batch of small files stops growing at this many bytes… */
  batchBytes?: number;
  /** …or this many files. */
  batchFiles?: number;
}

function bySizeThenPath(a: DiscoveredFile, b: DiscoveredFile): number {
  return b.sizeBytes - a.sizeBytes || (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0);
}

/** Deals `indexes` round-robin into `parts` lists (neighbouring searches often cost alike). */
export function splitSearches(indexes: readonly number[], parts: number): number[][] {
  const out: number[][] = Array.from({ length: Math.min(parts, indexes.length) }, () => []);
  indexes.forEach((index, i) => out[i % out.length]?.push(index));
  return out;
}

/**
 * Deals the files into `workers` bins of about equal bytes, family after family (largest family
 * first, its largest files first), so that a family is cut across bins only where the balance needs it.
 */
export function familyBins(files: readonly DiscoveredFile[], workers: number, families?: ReadonlyMap<string, OsFamily | null>): DiscoveredFile[][] {
  const groups = new Map<string, DiscoveredFile[]>();
  for (const file of [...files].sort(bySizeThenPath)) {
    const key = families?.get(file.relPath) ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(file);
  }
  const total = (g: DiscoveredFile[]): number => g.reduce((n, f) => n + f.sizeBytes, 0);
  // Known families by size, then the unknown ones (their detection may still succeed).
  const ordered = [...groups].sort(([ka, a], [kb, b]) => Number(ka === '') - Number(kb === '') || total(b) - total(a) || (ka < kb ? -1 : 1));
  const target = files.reduce((n, f) => n + f.sizeBytes, 0) / workers;
  const bins: DiscoveredFile[][] = Array.from({ length: workers }, () => []);
  let bin = 0;
  let binBytes = 0;
  for (const [, group] of ordered) {
    for (const file of group) {
      // Move on when this file would put the bin more than half the file over its share.
      if (bin < workers - 1 && binBytes > 0 && binBytes + file.sizeBytes / 2 > target) {
        bin++;
        binBytes = 0;
      }
      bins[bin]?.push(file);
      binBytes += file.sizeBytes;
    }
  }
  return bins;
}

export function planSearchTasks(files: readonly DiscoveredFile[], opts: PlanOptions): PlannedTask[] {
  const sorted = [...files].sort(bySizeThenPath);
  if (sorted.length === 0) return [];
  if (sorted.length < opts.workers && opts.searchIndexes.length > 1) {
    // Spare workers go to the largest files, one extra part each, round-robin.
    const parts = sorted.map(() => 1);
    for (let spare = opts.workers - sorted.length, i = 0; spare > 0; spare--, i = (i + 1) % sorted.length) {
      parts[i] = (parts[i] ?? 1) + 1;
    }
    const tasks: Omit<PlannedTask, 'home'>[] = [];
    sorted.forEach((file, i) => {
      const n = parts[i] ?? 1;
      if (n === 1) tasks.push({ files: [file], bytes: file.sizeBytes });
      else for (const only of splitSearches(opts.searchIndexes, n)) tasks.push({ files: [file], only, bytes: file.sizeBytes / n });
    });
    // One task per worker: each its own home.
    return tasks.sort((a, b) => b.bytes - a.bytes).map((t, i) => ({ ...t, home: i % opts.workers }));
  }
  const small = opts.smallFileBytes ?? 128 * 1024;
  const batchBytes = opts.batchBytes ?? 1024 * 1024;
  const batchFiles = opts.batchFiles ?? 32;
  const tasks: PlannedTask[] = [];
  familyBins(sorted, opts.workers, opts.families).forEach((bin, home) => {
    let batch: PlannedTask | null = null;
    for (const file of [...bin].sort(bySizeThenPath)) {
      if (file.sizeBytes >= small) {
        tasks.push({ files: [file], bytes: file.sizeBytes, home });
        continue;
      }
      if (!batch || batch.bytes + file.sizeBytes > batchBytes || batch.files.length >= batchFiles) {
        batch = { files: [], bytes: 0, home };
        tasks.push(batch);
      }
      batch.files.push(file);
      batch.bytes += file.sizeBytes;
    }
  });
  // Largest first overall: a worker takes its own largest task, and a thief the largest left.
  return tasks.sort((a, b) => b.bytes - a.bytes);
}
