// Which worker exports which family (pure). Exports are the long, indivisible jobs at the end of a
// run: put on the worker holding their rows they skip a flush and a re-read, but put all on one
// worker (it may hold most rows of every family, having taken over others' files) they run one
// after another while the other workers wait. So: most rows first, each family to the worker
// where it finishes first, counting rows it would have to fetch from elsewhere at a premium.
import type { OsFamily } from '../../../src-worker/engine/types';

export interface FamilyRows {
  family: OsFamily;
  /** Result rows of the family. */
  rows: number;
  /** Rows held in memory per worker slot (the rest is on disk, or lost with a worker). */
  heldBySlot: ReadonlyMap<number, number>;
}

/** Extra cost of a row the exporting worker must get from disk or from another worker (flush + read). */
export const FETCH_COST = 0.5;

export function placeExports(families: readonly FamilyRows[], slots: readonly number[], fetchCost = FETCH_COST): Map<OsFamily, number> {
  const load = new Map(slots.map((s) => [s, 0]));
  const placed = new Map<OsFamily, number>();
  const order = [...families].sort((a, b) => b.rows - a.rows || (a.family < b.family ? -1 : 1));
  for (const f of order) {
    let best: { slot: number; finish: number } | null = null;
    for (const slot of slots) {
      const cost = f.rows + fetchCost * Math.max(0, f.rows - (f.heldBySlot.get(slot) ?? 0));
      const finish = (load.get(slot) ?? 0) + cost;
      if (!best || finish < best.finish) best = { slot, finish };
    }
    if (!best) break;
    placed.set(f.family, best.slot);
    load.set(best.slot, best.finish);
  }
  return placed;
}
