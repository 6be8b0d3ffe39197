// Search results kept in the worker's memory instead of a spill file, up to a budget.
// Why: writing every task's rows to disk and reading them back in the export task cost about
// 1.2 s of CPU per 120 systems (V8 serialize + deserialize), and the export usually runs in the
// worker that searched most of its family anyway (the pool schedules by family). Rows another
// worker needs are flushed to their spill path on request; if this process dies they are lost
// and the main side searches those files again (it knows which process held what).
import { stat } from 'node:fs/promises';
import type { ResultRow } from '../engine/types';
import { readSpill, writeSpill, type SpilledRows } from './spill-file';

/**
 * Default budget per worker, in bytes of searched files plus estimated row bytes (the rest goes to
 * disk). The file counts in full: a row's text and fields are slices of the file's decoded text, so
 * V8 keeps that whole text alive for as long as any row of the file is held. Measured on 1,000
 * systems (-p 2): counting rows alone let workers pass 1.4 GB; with files counted, 192 MB gave an
 * 817 MB search phase (the heap runs well ahead of what is live), 96 MB keeps it under the export
 * phase's own peak (~650-800 MB, as with nothing held). 120 systems fit almost whole.
 */
export const DEFAULT_HOLD_BYTES = 96 * 1024 * 1024;

/** Rough heap size of rows: their strings (one byte per char for the ASCII majority) plus object overhead. */
export function estimateRowBytes(rowsBySearch: SpilledRows): number {
  let bytes = 0;
  for (const rows of Object.values(rowsBySearch) as ResultRow[][]) {
    for (const row of rows) {
      bytes += 64 + row.text.length;
      if (row.fields) for (const value of Object.values(row.fields)) bytes += 16 + value.length;
    }
  }
  return bytes;
}

/** Where an export task gets a system's rows from: this worker's memory, or the spill file. */
export interface SpillSource {
  read(path: string): Promise<SpilledRows>;
  /** Spilled (or estimated, when held) size, for choosing how to build a family. */
  size(path: string): Promise<number>;
  /** Makes sure these are on disk and not held in memory (returns how many were written). */
  flush(paths: readonly string[]): Promise<number>;
}

export const diskSpills: SpillSource = {
  read: readSpill,
  size: async (path) => (await stat(path)).size,
  flush: async () => 0,
};

export class HeldRows implements SpillSource {
  /** `bytes`: row estimate (what an export reads); `cost`: what holding them keeps in memory. */
  private readonly held = new Map<string, { rows: SpilledRows; bytes: number; cost: number }>();
  private total = 0;

  constructor(private readonly limitBytes = DEFAULT_HOLD_BYTES) {}

  /** Keeps the rows of a file of `fileBytes` if the budget allows (true), else writes them to `path` (false). */
  async keep(path: string, rows: SpilledRows, fileBytes: number): Promise<boolean> {
    const bytes = estimateRowBytes(rows);
    const cost = bytes + fileBytes;
    this.drop(path);
    if (this.total + cost > this.limitBytes) {
      await writeSpill(path, rows);
      return false;
    }
    this.held.set(path, { rows, bytes, cost });
    this.total += cost;
    return true;
  }

  /** Budget in use (files and rows). */
  get heldBytes(): number {
    return this.total;
  }

  has(path: string): boolean {
    return this.held.has(path);
  }

  read(path: string): Promise<SpilledRows> {
    const entry = this.held.get(path);
    return entry ? Promise.resolve(entry.rows) : readSpill(path);
  }

  async size(path: string): Promise<number> {
    return this.held.get(path)?.bytes ?? (await stat(path)).size;
  }

  /** Writes held rows to their spill paths (for an export in another worker) and forgets them. */
  async flush(paths: readonly string[]): Promise<number> {
    let written = 0;
    for (const path of paths) {
      const entry = this.held.get(path);
      if (!entry) continue;
      await writeSpill(path, entry.rows);
      this.drop(path);
      written++;
    }
    return written;
  }

  /** Forgets the given paths, or every path under `prefix` (a run's spill folder). */
  release(which: { paths?: readonly string[]; prefix?: string }): void {
    for (const path of which.paths ?? []) this.drop(path);
    if (which.prefix !== undefined) for (const path of [...this.held.keys()]) if (path.startsWith(which.prefix)) this.drop(path);
  }

  private drop(path: string): void {
    const entry = this.held.get(path);
    if (!entry) return;
    this.total -= entry.cost;
    this.held.delete(path);
  }
}
