import { describe, expect, it } from 'vitest';
import { extendTo, isSelected, NO_SELECTION, selectAll, selectedCount, selectedRows, selectOnly, toggle } from './row-selection';

describe('row selection', () => {
  it('selects one row, extends from the anchor both ways, toggles single rows', () => {
    let sel = selectOnly(5);
    sel = extendTo(sel, 8);
    expect(sel.ranges).toEqual([[5, 8]]);
    sel = extendTo(sel, 2);
    expect(sel.ranges).toEqual([[2, 5]]);
    sel = toggle(sel, 4);
    expect(sel.ranges).toEqual([[2, 3], [5, 5]]);
    sel = toggle(sel, 10);
    sel = toggle(sel, 4);
    expect(sel.ranges).toEqual([[2, 5], [10, 10]]);
    expect(selectedCount(sel)).toBe(5);
    expect(isSelected(sel, 10)).toBe(true);
    expect(isSelected(sel, 9)).toBe(false);
    expect(sel.anchor).toBe(4);
  });

  it('selects a million rows as one range', () => {
    expect(selectAll(1_000_000)).toEqual({ anchor: 0, ranges: [[0, 999_999]] });
    expect(selectAll(0)).toBe(NO_SELECTION);
  });

  it('fetches the selected rows in view order, page by page', async () => {
    const calls: [number, number][] = [];
    const rows = await selectedRows({ anchor: 0, ranges: [[1, 4], [9, 9]] }, 3, async (offset, limit) => {
      calls.push([offset, limit]);
      return Array.from({ length: limit }, (_, k) => `r${offset + k}`);
    });
    expect(rows).toEqual(['r1', 'r2', 'r3', 'r4', 'r9']);
    expect(calls).toEqual([[1, 3], [4, 1], [9, 1]]);
  });
});
