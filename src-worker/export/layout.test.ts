import { describe, expect, it } from 'vitest';
import {
  columnLetter,
  columnWidth,
  commentRowHeight,
  continuationTitle,
  dataRowHeight,
  resultsJsonFileName,
  workbookFileName,
} from './layout';

describe('columnLetter (Q15: correct past Z)', () => {
  it.each([
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [53, 'BA'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ])('%i → %s', (n, letters) => expect(columnLetter(n)).toBe(letters));
  it('rejects columns Excel does not have', () => {
    expect(() => columnLetter(0)).toThrow(RangeError);
    expect(() => columnLetter(16385)).toThrow(RangeError);
  });
});

describe('sizes (SPEC §5.6)', () => {
  it('column width is min(max(L+2, 10), 50)', () => {
    expect(columnWidth(0)).toBe(10);
    expect(columnWidth(20)).toBe(22);
    expect(columnWidth(400)).toBe(50);
  });
  it('data row height follows the line count, 15..100', () => {
    expect(dataRowHeight(1)).toBe(15);
    expect(dataRowHeight(3)).toBe(45);
    expect(dataRowHeight(40)).toBe(100);
  });
  it('comment row height is at least max(30, ⌊len/120⌋·15) and fits the wrapped lines', () => {
    expect(commentRowHeight('short', 60)).toBe(30);
    expect(commentRowHeight('x'.repeat(600), 1000)).toBe(75);
    // 600 characters in a 50-unit merge: ~57 a line → 11 lines of 12 points.
    expect(commentRowHeight('x'.repeat(600), 50)).toBe(11 * 12 + 3);
    expect(commentRowHeight(Array(10).fill('line').join('\n'), 60)).toBe(10 * 12 + 3);
    expect(commentRowHeight('x'.repeat(100_000), 60)).toBe(409);
  });
});

describe('continuationTitle', () => {
  it('appends (n) and stays within 31 characters', () => {
    expect(continuationTitle('Local_Users', 2, new Set())).toBe('Local_Users(2)');
    const long = 'This_is_a_very_long_sheet_na...';
    const title = continuationTitle(long, 12, new Set());
    expect(title.length).toBeLessThanOrEqual(31);
    expect(title.endsWith('(12)')).toBe(true);
  });
  it('avoids titles already taken, case-insensitively', () => {
    const title = continuationTitle('Users', 2, new Set(['users(2)']));
    expect(title).not.toBe('Users(2)');
    expect(title.length).toBeLessThanOrEqual(31);
    expect(title.endsWith('(2)')).toBe(true);
  });
});

describe('file names (SPEC §5.2)', () => {
  it('uses local time YYYYMMDD-HHMMSS', () => {
    const t = new Date(2025, 5, 28, 14, 30, 22);
    expect(workbookFileName('Linux', t)).toBe('Linux_search_results-20250628-143022.xlsx');
    expect(resultsJsonFileName('Darwin', new Date(2024, 0, 2, 3, 4, 5))).toBe('Darwin_search_results-20240102-030405.json');
  });
});
