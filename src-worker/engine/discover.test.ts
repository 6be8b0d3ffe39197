import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { discoverFiles, filespecMatches } from './discover';

describe('filespecMatches (pathlib rglob semantics)', () => {
  it.each([
    ['*.txt', 'a.txt', true],
    ['*.txt', 'sub/deep/a.txt', true],
    ['*.txt', '.hidden.txt', true],
    ['*.txt', 'a.TXT', false],
    ['*.txt', 'a.txt.bak', false],
    ['linux/*.txt', 'x/linux/a.txt', true],
    ['linux/*.txt', 'linux/a.txt', true],
    ['linux/*.txt', 'linux/sub/a.txt', false],
    ['**/*.txt', 'a.txt', true],
    ['a/**/b.txt', 'a/b.txt', true],
    ['a/**/b.txt', 'z/a/x/y/b.txt', true],
    ['host-?.txt', 'host-1.txt', true],
    ['host-?.txt', 'host-12.txt', false],
    ['[ab]*.txt', 'b1.txt', true],
    ['[!ab]*.txt', 'b1.txt', false],
    ['[!ab]*.txt', 'c1.txt', true],
    ['[a.txt', '[a.txt', true],
  ])('%s vs %s → %s', (spec, rel, want) => {
    expect(filespecMatches(spec, rel)).toBe(want);
  });
});

describe('discoverFiles', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpat-discover-'));
    for (const d of ['b', 'a/sub', '.hidden', 'results', 'real']) mkdirSync(join(dir, d), { recursive: true });
    for (const f of ['b/z.txt', 'a/sub/y.txt', 'a/x.txt', '.hidden/h.txt', 'results/old.txt', 'real/r.txt', 'top.txt', 'note.md'])
      writeFileSync(join(dir, f), 'data');
    symlinkSync(join(dir, 'real'), join(dir, 'linked-dir'));
    symlinkSync(join(dir, 'top.txt'), join(dir, 'linked-file.txt'));
    symlinkSync(join(dir, 'missing.txt'), join(dir, 'dangling.txt'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('walks recursively, sorted by relative path, skipping excluded and symlinked folders', async () => {
    const found = await discoverFiles(dir, '*.txt', { exclude: [join(dir, 'results')] });
    expect(found.map((f) => f.relPath)).toEqual(['.hidden/h.txt', 'a/sub/y.txt', 'a/x.txt', 'b/z.txt', 'linked-file.txt', 'real/r.txt', 'top.txt']);
    expect(found[0]?.sizeBytes).toBe(4);
    expect(found[0]?.filePath).toBe(join(dir, '.hidden/h.txt'));
  });

  it('accepts exclusions relative to the start folder', async () => {
    const found = await discoverFiles(dir, 'results/*.txt', { exclude: ['results'] });
    expect(found).toEqual([]);
    expect((await discoverFiles(dir, 'results/*.txt')).map((f) => f.relPath)).toEqual(['results/old.txt']);
  });

  it('names a missing start folder', async () => {
    await expect(discoverFiles(join(dir, 'nope'), '*.txt')).rejects.toThrow(/nope/);
  });
});
