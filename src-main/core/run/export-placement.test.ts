import { describe, expect, it } from 'vitest';
import { placeExports } from './export-placement';

describe('placeExports', () => {
  it('spreads the exports over the workers even when one worker holds the rows of every family', () => {
    const placed = placeExports(
      [
        { family: 'Windows', rows: 132_000, heldBySlot: new Map([[1, 120_000], [2, 12_000]]) },
        { family: 'Linux', rows: 130_000, heldBySlot: new Map([[1, 130_000]]) },
      ],
      [1, 2],
    );
    expect(placed.get('Windows')).toBe(1);
    expect(placed.get('Linux')).toBe(2);
  });

  it('keeps each family where its rows are when the loads allow it', () => {
    const placed = placeExports(
      [
        { family: 'Linux', rows: 6_500, heldBySlot: new Map([[1, 6_500]]) },
        { family: 'Windows', rows: 6_600, heldBySlot: new Map([[2, 6_600]]) },
        { family: 'Darwin', rows: 2_000, heldBySlot: new Map([[2, 2_000]]) },
      ],
      [1, 2],
    );
    expect(Object.fromEntries(placed)).toEqual({ Windows: 2, Linux: 1, Darwin: 2 });
  });

  it('handles a single worker and no families', () => {
    expect(placeExports([{ family: 'Linux', rows: 5, heldBySlot: new Map() }], [7])).toEqual(new Map([['Linux', 7]]));
    expect(placeExports([], [1, 2]).size).toBe(0);
  });
});
