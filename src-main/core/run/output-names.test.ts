import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commitExclusive, numberedName } from './output-names';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder() {
  const out = mkdtempSync(join(tmpdir(), 'kpat-names-'));
  dirs.push(out);
  const stage = (run: string, files: Record<string, string>) => {
    const dir = join(out, `.kpat-staging-${run}`);
    mkdirSync(dir, { recursive: true });
    return Object.entries(files).map(([name, text]) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    });
  };
  return { out, stage };
}

describe('commitExclusive', () => {
  it('numbers a name before its extension', () => {
    expect(numberedName('Linux_search_results-20261203-080000.xlsx', 1)).toBe('Linux_search_results-20261203-080000.xlsx');
    expect(numberedName('Linux_search_results-20261203-080000.xlsx', 3)).toBe('Linux_search_results-20261203-080000-3.xlsx');
  });

  it('never replaces a file it did not create: a taken name gets a counter, the same for the workbook and its JSON', async () => {
    const { out, stage } = folder();
    const first = await commitExclusive(stage('a', { 'L.xlsx': 'first', 'L.json': 'first' }), out);
    // Someone else's JSON holds the -2 name: the second group skips to -3 for both files.
    writeFileSync(join(out, 'L-2.json'), 'not ours');
    const second = await commitExclusive(stage('b', { 'L.xlsx': 'second', 'L.json': 'second' }), out);
    expect(first).toEqual([join(out, 'L.xlsx'), join(out, 'L.json')]);
    expect(second).toEqual([join(out, 'L-3.xlsx'), join(out, 'L-3.json')]);
    expect(readFileSync(join(out, 'L.xlsx'), 'utf8')).toBe('first');
    expect(readFileSync(join(out, 'L-2.json'), 'utf8')).toBe('not ours');
    expect(readFileSync(join(out, 'L-3.xlsx'), 'utf8')).toBe('second');
    expect(readdirSync(out).filter((n) => !n.startsWith('.')).sort()).toEqual(['L-2.json', 'L-3.json', 'L-3.xlsx', 'L.json', 'L.xlsx']);
    expect(readdirSync(join(out, '.kpat-staging-b'))).toEqual([]);
  });

  it('two commits of the same name at once both land', async () => {
    const { out, stage } = folder();
    const [a, b] = await Promise.all([commitExclusive(stage('a', { 'W.xlsx': 'a' }), out), commitExclusive(stage('b', { 'W.xlsx': 'b' }), out)]);
    expect(new Set([a?.[0], b?.[0]])).toEqual(new Set([join(out, 'W.xlsx'), join(out, 'W-2.xlsx')]));
    expect([readFileSync(a?.[0] as string, 'utf8'), readFileSync(b?.[0] as string, 'utf8')]).toEqual(['a', 'b']);
  });
});
