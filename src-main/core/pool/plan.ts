// How the files of a run are cut into pool tasks (pure).
// - Largest first: the long tasks start early, so no worker is left with one big file at the end.
// - Small files are batched: a round trip per tiny file would cost more than searching it.
// - With fewer files than workers, the largest files' searches are split into parts so that
//   every worker has something to do (results are per search, so parts merge without conflict).
import type { DiscoveredFile } from '../../../src-worker/engine/discover';

export interface PlannedTask {
  files: DiscoveredFile[];
  /** Search indexes of this part, when a file's searches are split; absent = all searches. */
  only?: number[];
  bytes: number;
}

export interface PlanOptions {
  workers: number;
  searchIndexes: readonly number[];
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

export function planSearchTasks(files: readonly DiscoveredFile[], opts: PlanOptions): PlannedTask[] {
  const sorted = [...files].sort(bySizeThenPath);
  if (sorted.length === 0) return [];
  if (sorted.length < opts.workers && opts.searchIndexes.length > 1) {
    // Spare workers go to the largest files, one extra part each, round-robin.
    const parts = sorted.map(() => 1);
    for (let spare = opts.workers - sorted.length, i = 0; spare > 0; spare--, i = (i + 1) % sorted.length) {
      parts[i] = (parts[i] ?? 1) + 1;
    }
    const tasks: PlannedTask[] = [];
    sorted.forEach((file, i) => {
      const n = parts[i] ?? 1;
      if (n === 1) tasks.push({ files: [file], bytes: file.sizeBytes });
      else for (const only of splitSearches(opts.searchIndexes, n)) tasks.push({ files: [file], only, bytes: file.sizeBytes / n });
    });
    return tasks.sort((a, b) => b.bytes - a.bytes);
  }
  const small = opts.smallFileBytes ?? 128 * 1024;
  const batchBytes = opts.batchBytes ?? 1024 * 1024;
  const batchFiles = opts.batchFiles ?? 32;
  const tasks: PlannedTask[] = [];
  let batch: PlannedTask | null = null;
  for (const file of sorted) {
    if (file.sizeBytes >= small) {
      tasks.push({ files: [file], bytes: file.sizeBytes });
      continue;
    }
    if (!batch || batch.bytes + file.sizeBytes > batchBytes || batch.files.length >= batchFiles) {
      batch = { files: [], bytes: 0 };
      tasks.push(batch);
    }
    batch.files.push(file);
    batch.bytes += file.sizeBytes;
  }
  return tasks;
}
