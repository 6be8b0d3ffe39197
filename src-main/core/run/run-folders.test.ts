import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRunFolder, stagingFolderFor, sweepRunFolders, sweepStagingFolders } from './run-folders';

const root = mkdtempSync(join(tmpdir(), 'kpat-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('run folders', () => {
  it('sweeps the folders of ended processes only, and never this process or other names', async () => {
    const mine = await makeRunFolder(root);
    expect(mine).toContain(`kpat-run-${process.pid}-`);
    for (const name of ['kpat-run-111-abc', 'kpat-run-222-def', 'kpat-run-x', 'other']) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'spill'), 'x');
    }
    const swept = await sweepRunFolders(root, (pid) => pid === 222);
    expect(swept).toEqual(['kpat-run-111-abc']);
    expect(existsSync(join(root, 'kpat-run-222-def'))).toBe(true);
    expect(existsSync(join(root, 'kpat-run-x'))).toBe(true);
    expect(existsSync(join(root, 'other'))).toBe(true);
    expect(existsSync(mine)).toBe(true);
    expect(await sweepRunFolders(join(root, 'missing'))).toEqual([]);
  });

  it('sweeps the staging folders of ended processes from an output folder, with what they hold', async () => {
    const out = join(root, 'out');
    const mine = stagingFolderFor(out, 'run-1');
    for (const dir of [mine, join(out, '.kpat-staging-333-r'), join(out, '.kpat-staging-444-r'), join(out, '.kpat-staging-old')]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, '.Linux.xlsx.333-abc.partial'), 'x');
    }
    expect(mine).toBe(join(out, `.kpat-staging-${process.pid}-run-1`));
    expect(await sweepStagingFolders(out, (pid) => pid === 444)).toEqual(['.kpat-staging-333-r']);
    expect(existsSync(join(out, '.kpat-staging-444-r'))).toBe(true);
    expect(existsSync(join(out, '.kpat-staging-old'))).toBe(true);
    expect(existsSync(mine)).toBe(true);
  });
});
