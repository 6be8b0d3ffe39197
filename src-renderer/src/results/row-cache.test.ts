import { describe, expect, it } from 'vitest';
import type { RowsPage } from '../../../src-main/contract/ipc';
import { RowCache } from './row-cache';

function source(total: number) {
  const asked: [number, number][] = [];
  const fetch = async (offset: number, limit: number): Promise<RowsPage> => {
    asked.push([offset, limit]);
    const rows = [];
    for (let i = offset; i < Math.min(total, offset + limit); i += 1) rows.push([`sys`, i, `text ${i}`]);
    return { header: ['System Name', 'Line Number', 'Matched Text'], rows, total, offset };
  };
  return { asked, fetch };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('RowCache', () => {
  it('fetches only missing pages and serves rows from them', async () => {
    const src = source(1000);
    const cache = new RowCache(src.fetch, 100);
    let changes = 0;
    cache.subscribe(() => (changes += 1));
    cache.ensure(0, 30);
    cache.ensure(10, 40);
    await tick();
    expect(src.asked).toEqual([[0, 100]]);
    expect(cache.total).toBe(1000);
    expect(cache.row(42)).toEqual(['sys', 42, 'text 42']);
    expect(cache.row(142)).toBeUndefined();
    cache.ensure(90, 210);
    await tick();
    expect(src.asked).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
    ]);
    expect(changes).toBe(3);
  });

  it('does not ask past the end', async () => {
    const src = source(50);
    const cache = new RowCache(src.fetch, 100);
    cache.ensure(0, 10);
    await tick();
    cache.ensure(0, 500);
    await tick();
    expect(src.asked).toEqual([[0, 100]]);
  });

  it('keeps the error of a failed page', async () => {
    const cache = new RowCache(() => Promise.reject(new Error('gone')), 100);
    cache.ensure(0, 10);
    await tick();
    expect(cache.error).toBe('gone');
  });
});
