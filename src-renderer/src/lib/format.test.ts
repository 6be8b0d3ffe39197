import { describe, expect, it } from 'vitest';
import { baseName, formatBytes, formatDuration, percent, plural } from './format';

describe('format', () => {
  it('formats bytes', () => {
    expect([0, 1023, 1024, 1536, 10 * 1024 * 1024, 3_063_581].map(formatBytes)).toEqual(['0 B', '1023 B', '1.00 KB', '1.50 KB', '10.0 MB', '2.92 MB']);
    expect(formatBytes(-1)).toBe('—');
  });
  it('formats durations and unknown ETAs', () => {
    expect([0, 5.4, 65, 3723].map(formatDuration)).toEqual(['0:00', '0:05', '1:05', '1:02:03']);
    expect(formatDuration(null)).toBe('—');
  });
  it('clamps percentages', () => {
    expect([percent(1, 3), percent(5, 0), percent(9, 3)]).toEqual([33, 0, 100]);
  });
  it('pluralises and finds base names', () => {
    expect([plural(1, 'system'), plural(1200, 'search', 'searches')]).toEqual(['1 system', '1,200 searches']);
    expect([baseName('/a/b.yaml'), baseName('C:\\x\\y\\'), baseName('z')]).toEqual(['b.yaml', 'y', 'z']);
  });
});
