import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { estimateRowBytes, HeldRows } from './held-rows';
import { readSpill } from './spill-file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'kpat-held-'));
  dirs.push(d);
  return d;
};

const rows = (n: number, text = 'x'.repeat(100)) => ({ 3: Array.from({ length: n }, (_, i) => ({ line: i + 1, text, fields: { user: 'root' } })) });

describe('HeldRows', () => {
  it('holds rows within its budget and writes the rest to their spill files', async () => {
    const dir = tempDir();
    const one = estimateRowBytes(rows(10));
    expect(one).toBe(10 * (64 + 100 + 16 + 4));
    // The file's size counts too: its decoded text stays alive with any of its rows.
    const held = new HeldRows((one + 1000) * 2);
    expect(await held.keep(join(dir, 'a'), rows(10), 1000)).toBe(true);
    expect(await held.keep(join(dir, 'b'), rows(10), 1000)).toBe(true);
    expect(await held.keep(join(dir, 'c'), rows(10), 1)).toBe(false);
    expect(held.heldBytes).toBe((one + 1000) * 2);
    expect(existsSync(join(dir, 'a'))).toBe(false);
    expect(await readSpill(join(dir, 'c'))).toEqual(rows(10));
    // Reads come from memory or disk alike.
    expect(await held.read(join(dir, 'a'))).toEqual(rows(10));
    expect(await held.read(join(dir, 'c'))).toEqual(rows(10));
    expect(await held.size(join(dir, 'a'))).toBe(one);
  });

  it('flushes held rows to disk on request, and releases by path or by folder', async () => {
    const dir = tempDir();
    const held = new HeldRows();
    await held.keep(join(dir, 'run1', 'a'), rows(2), 10);
    await held.keep(join(dir, 'run1', 'b'), rows(3), 10);
    await held.keep(join(dir, 'run2', 'c'), rows(4), 10);
    expect(await held.flush([join(dir, 'run1', 'a'), join(dir, 'nothing')])).toBe(1);
    expect(held.has(join(dir, 'run1', 'a'))).toBe(false);
    expect(await readSpill(join(dir, 'run1', 'a'))).toEqual(rows(2));
    held.release({ prefix: join(dir, 'run1') });
    expect(held.has(join(dir, 'run1', 'b'))).toBe(false);
    expect(held.has(join(dir, 'run2', 'c'))).toBe(true);
    held.release({ paths: [join(dir, 'run2', 'c')] });
    expect(held.heldBytes).toBe(0);
  });
});
