// Which rows of the grid are selected (pure): a click selects one, shift-click (or shift+arrow)
// extends from the anchor, ctrl/cmd-click toggles one. Kept as sorted, disjoint index ranges, so
// "every row" of a million-row view is one range, not a million numbers.

/** Inclusive [first, last] row indexes. */
export type RowRange = readonly [number, number];

export interface RowSelection {
  /** Where shift-extension starts from. */
  anchor: number;
  ranges: readonly RowRange[];
}

export const NO_SELECTION: RowSelection = { anchor: 0, ranges: [] };

/** Sorted, merged (touching ranges joined). */
function normalise(ranges: readonly RowRange[]): RowRange[] {
  const sorted = [...ranges].filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function selectOnly(index: number): RowSelection {
  return { anchor: index, ranges: [[index, index]] };
}

/** From the anchor to `index`, replacing what was selected. */
export function extendTo(sel: RowSelection, index: number): RowSelection {
  return { anchor: sel.anchor, ranges: [[Math.min(sel.anchor, index), Math.max(sel.anchor, index)]] };
}

export function isSelected(sel: RowSelection, index: number): boolean {
  return sel.ranges.some(([a, b]) => index >= a && index <= b);
}

/** Adds or removes one row; it becomes the anchor. */
export function toggle(sel: RowSelection, index: number): RowSelection {
  if (!isSelected(sel, index)) return { anchor: index, ranges: normalise([...sel.ranges, [index, index]]) };
  const ranges: RowRange[] = [];
  for (const [a, b] of sel.ranges) {
    if (index < a || index > b) ranges.push([a, b]);
    else {
      if (a < index) ranges.push([a, index - 1]);
      if (index < b) ranges.push([index + 1, b]);
    }
  }
  return { anchor: index, ranges };
}

export function selectAll(total: number): RowSelection {
  return total > 0 ? { anchor: 0, ranges: [[0, total - 1]] } : NO_SELECTION;
}

export function selectedCount(sel: RowSelection): number {
  return sel.ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
}

/**
 * The selected rows in view order, fetched in pages of at most `pageSize` rows per request
 * (`fetch(offset, limit)` answers the rows of the current view from `offset`).
 */
export async function selectedRows<T>(sel: RowSelection, pageSize: number, fetch: (offset: number, limit: number) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (const [a, b] of sel.ranges) {
    for (let offset = a; offset <= b; offset += pageSize) {
      const limit = Math.min(pageSize, b - offset + 1);
      const rows = await fetch(offset, limit);
      out.push(...rows.slice(0, limit));
      if (rows.length < limit) break;
    }
  }
  return out;
}
