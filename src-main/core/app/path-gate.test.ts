import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalPath, PathGate, RunOutputs } from './path-gate';

describe('PathGate', () => {
  const root = resolve('/data/audits');

  it('allows a chosen folder and what lies below it, nothing beside or above', async () => {
    const gate = new PathGate(false);
    gate.allow(root);
    await expect(gate.check(root, 'Folder')).resolves.toBe(root);
    await expect(gate.check(join(root, 'linux', 'a.txt'), 'File')).resolves.toBe(join(root, 'linux', 'a.txt'));
    await expect(gate.check(resolve('/data/audits-other/a.txt'), 'File')).rejects.toThrow(/not chosen/);
    await expect(gate.check(resolve('/data'), 'Folder')).rejects.toThrow(/not chosen/);
    await expect(gate.check(join(root, '..', 'secrets'), 'Folder')).rejects.toThrow(/not chosen/);
  });

  it('names the refused path', async () => {
    const gate = new PathGate(false);
    await expect(gate.check('/etc/passwd', 'openPath:')).rejects.toThrow(/openPath: \/etc\/passwd was not chosen/);
  });

  it('compares case-insensitively where the file system does', async () => {
    const gate = new PathGate(true);
    gate.allow(root);
    await expect(gate.check(root.toUpperCase(), 'Folder')).resolves.toBe(root.toUpperCase());
  });
});

describe('canonical paths', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'kpat-gate-')));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('follow links before `..`, as the file system does, and judge a missing path by its deepest existing folder', async () => {
    await mkdir(join(dir, 'root', 'a'), { recursive: true });
    await mkdir(join(dir, 'elsewhere', 'x', 'y'), { recursive: true });
    await symlink(join(dir, 'elsewhere', 'x', 'y'), join(dir, 'root', 'a', 'lnk'));
    expect(await canonicalPath(join(dir, 'root', 'a', 'lnk', '..', '..', 'z'))).toBe(join(dir, 'root', 'z'));
    expect(await canonicalPath(`${dir}/root/a/lnk/../../z`)).toBe(join(dir, 'elsewhere', 'z'));
    expect(await canonicalPath(join(dir, 'root', 'a', 'lnk', 'new', 'deeper'))).toBe(join(dir, 'elsewhere', 'x', 'y', 'new', 'deeper'));
    const gate = new PathGate(false);
    gate.allow(join(dir, 'root'));
    await expect(gate.check(join(dir, 'root', 'a', 'lnk'), 'Folder')).rejects.toThrow(/not chosen/);
    await expect(gate.check(join(dir, 'root', 'a'), 'Folder')).resolves.toBe(join(dir, 'root', 'a'));
  });

  it('RunOutputs opens exactly the files a run wrote (workbooks, JSON), by canonical path, waiting for additions still resolving', async () => {
    const outputs = new RunOutputs(false);
    const workbook = join(dir, 'Linux_search_results-1.xlsx');
    const script = join(dir, 'evil.sh');
    await writeFile(workbook, 'PK');
    await writeFile(script, '#!/bin/sh');
    outputs.add(workbook);
    outputs.add(script);
    await expect(outputs.check(workbook)).resolves.toBe(workbook);
    await expect(outputs.check(join(dir, '.', 'Linux_search_results-1.xlsx'))).resolves.toBe(workbook);
    // Even if a run were said to have written it, a file of another kind is never opened.
    await expect(outputs.check(script)).rejects.toThrow(/not a file written by a run/);
    await expect(outputs.check(join(dir, 'other.xlsx'))).rejects.toThrow(/does not exist/);
    // A reopened run's manifest names its files: only those its caller accepts are recorded.
    const named = join(dir, 'named.json');
    await writeFile(named, '{}');
    outputs.add(named, async (canonical) => canonical.startsWith(join(dir, 'results')));
    await expect(outputs.check(named)).rejects.toThrow(/not a file written by a run/);
    await symlink(workbook, join(dir, 'link.xlsx'));
    await expect(outputs.check(join(dir, 'link.xlsx'))).resolves.toBe(workbook);
  });
});
