import { describe, expect, it } from 'vitest';
import { CellText, longestLine, measureLines, stripIllegal, truncateText, truncationMarker } from './cells';

describe('stripIllegal (SPEC §4.11)', () => {
  it('removes Excel-illegal controls and keeps tab, LF, CR', () => {
    expect(stripIllegal('Hello\x00\x01\x02World\x1f')).toBe('HelloWorld');
    expect(stripIllegal('Hello\tWorld\nNext\rLine')).toBe('Hello\tWorld\nNext\rLine');
    expect(stripIllegal('\x00\x01\x02\x03')).toBe('');
    expect(stripIllegal('a\x7fb\x85c\x9fd')).toBe('abcd');
  });
  it('removes XML non-characters and lone surrogates, keeps pairs', () => {
    expect(stripIllegal('a\uFFFEb\uFFFFc')).toBe('abc');
    expect(stripIllegal('x\uD800y\uDC00z')).toBe('xyz');
    expect(stripIllegal('ok 😀')).toBe('ok 😀');
  });
});

describe('truncateText', () => {
  it('leaves short text alone', () => {
    expect(truncateText('abc', 10)).toBe('abc');
  });
  it('cuts to the limit with a marker saying how much is gone', () => {
    const text = 'x'.repeat(1000);
    const cut = truncateText(text, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    const kept = cut.indexOf('…');
    expect(cut.slice(kept)).toBe(truncationMarker(1000 - kept));
    expect(cut.slice(0, kept)).toBe('x'.repeat(kept));
  });
  it('never splits a surrogate pair', () => {
    const text = '😀'.repeat(500);
    const cut = truncateText(text, 101);
    const kept = cut.slice(0, cut.indexOf('…'));
    expect(stripIllegal(kept)).toBe(kept);
  });
});

describe('CellText', () => {
  it('turns CR and CRLF into LF, strips controls and counts cuts per sheet', () => {
    const t = new CellText(80);
    expect(t.clean('a\r\nb\rc\nd', 'S')).toBe('a\nb\nc\nd');
    expect(t.clean('a\x00b', 'S')).toBe('ab');
    expect(t.truncated).toBe(0);
    expect(t.clean('y'.repeat(200), 'S').length).toBeLessThanOrEqual(80);
    t.clean('z'.repeat(81), 'T');
    expect(t.truncated).toBe(2);
    expect([...t.truncatedBySheet]).toEqual([
      ['S', 1],
      ['T', 1],
    ]);
  });
});

describe('measureLines / longestLine', () => {
  it('counts lines and the longest one', () => {
    expect(measureLines('abc')).toEqual({ lines: 1, longest: 3 });
    expect(measureLines('a\nbcde\nfg')).toEqual({ lines: 3, longest: 4 });
    expect(measureLines('')).toEqual({ lines: 1, longest: 0 });
    expect(longestLine('ab\r\ncdef\rg')).toBe(4);
    expect(longestLine(12345)).toBe(5);
  });
});
