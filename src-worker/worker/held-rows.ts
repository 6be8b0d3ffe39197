// Search results kept in the worker's memory instead of a spill file, up to a budget.
// Why: writing every task's rows to disk and reading them back in the export task cost about
// 1.2 s of CPU per 120 systems (V8 serialize + deserialize), and the export usually runs in the
// worker that searched most of its family anyway (the pool schedules by family). Rows another
// worker needs are flushed to their spill path on request; if this process dies they are lost
// and the main side searches those files again (it knows which process held what).
import { stat } from 'node:fs/promises';
import type { ResultRow } from '../engine/types';
import { readSpill, writeSpill, type SpilledRows } from './spill-file';

/** Default budget: estimated bytes of held row text per worker (the rest goes to disk). */
export const DEFAULT_HOLD_BYTES = 192 * 1024 * 1024;

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
}

export const diskSpills: SpillSource = {
  read: readSpill,
  size: async (path) => (await stat(path)).size,
};

export class HeldRows implements SpillSource {
  private readonly held = new Map<string, { rows: SpilledRows; bytes: number }>();
  private total = 0;

  constructor(private readonly limitBytes = DEFAULT_HOLD_BYTES) {}

  /** Keeps the rows if the budget allows (true), else writes them to `path` (false). */
  async keep(path: string, rows: SpilledRows): Promise<boolean> {
    const bytes = estimateRowBytes(rows);
    if (this.total + bytes > this.limitBytes) {
      await writeSpill(path, rows);
      return false;
    }
    this.drop(path);
    this.held.set(path, { rows, bytes });
    this.total += bytes;
    return true;
  }

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
    this.total -= entry.bytes;
    this.held.delete(path);
  }
}
