import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSystemFile } from '../../../src-worker/engine/system-file';
import { FAKE_WORKER, FakeLauncher } from '../pool/testing/fake-launcher';
import { WorkerPool } from '../pool/worker-pool';
import { scanFolderOnPool, scanFolderWithEngine } from './scan-folder';

const testdata = resolve(__dirname, '../../../../shared/reference/testdata');

describe('scanFolderWithEngine', () => {
  it('finds the 6 reference systems with their families', async () => {
    const result = await scanFolderWithEngine(testdata, []);
    expect(result.filesFound).toBe(6);
    expect(result.skipped).toEqual([]);
    expect(result.systems.map((s) => `${s.osFamily}:${s.systemName}`).sort()).toEqual([
      'Darwin:macos-13.4.1-kp0.1.0',
      'Linux:rhel86-kp0.6.16-1',
      'Linux:ubuntu-22.04-0.6.22',
      'Windows:windows10pro-cb19044-kp0.4.7',
      'Windows:windows11-0.4.8',
      'Windows:windows2022-cb20348-kp0.4.7',
    ]);
    expect(result.totalBytes).toBe(result.systems.reduce((n, s) => n + s.sizeBytes, 0));
  });

  it('lists files that are not systems as skipped, with a reason, and honours exclusions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kpat-scan-'));
    try {
      await writeFile(join(dir, 'notes.txt'), 'just some notes\n');
      const result = await scanFolderWithEngine(dir, []);
      expect(result.systems).toEqual([]);
      expect(result.skipped).toHaveLength(1);
      expect(result.skipped[0]).toMatchObject({ relPath: 'notes.txt', reason: expect.stringMatching(/^unknown producer/) });
      const excluded = await scanFolderWithEngine(dir, [dir]);
      expect(excluded.filesFound).toBe(0);
      expect(excluded.emptyReason).toMatch(/also the output folder.*never scanned/);
      expect(result.emptyReason).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists what matches the pattern but cannot be read beside the files that are not systems', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kpat-scan-'));
    try {
      await writeFile(join(dir, 'notes.txt'), 'just some notes\n');
      execFileSync('mkfifo', [join(dir, 'fifo.txt')]);
      await symlink(join(dir, 'gone'), join(dir, 'a-dangling.txt'));
      const result = await scanFolderWithEngine(dir, []);
      expect(result.skipped.map((s) => [s.relPath, s.reason.replace(/ \(.*/, '')])).toEqual([
        ['a-dangling.txt', 'dangling symbolic link'],
        ['fifo.txt', 'not a regular file but a named pipe'],
        ['notes.txt', 'unknown producer'],
      ]);
      expect(result.filesFound).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('scanFolderOnPool', () => {
  it('finds what the in-process scan finds, with detection done by the workers', async () => {
    const seen: number[] = [];
    const launcher = new FakeLauncher(() => ({
      async detectSystems(files) {
        seen.push(files.length);
        return Promise.all(
          files.map(async (f) => {
            const o = await readSystemFile(f);
            return o.ok ? { ok: true as const, system: o.system } : { ok: false as const, skipped: o.skipped };
          }),
        );
      },
    }));
    const pool = new WorkerPool({ launcher, worker: FAKE_WORKER, size: 2 });
    try {
      const onPool = await scanFolderOnPool(pool, testdata, []);
      const inProcess = await scanFolderWithEngine(testdata, []);
      expect(onPool).toEqual(inProcess);
      expect(seen.reduce((a, b) => a + b, 0)).toBe(6);
    } finally {
      await pool.close();
    }
  });
});
