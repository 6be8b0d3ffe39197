// The assembled core (createAppCore: the real JobRunner and pool, on in-process fake workers), as a
// host drives it: a listener that starts the next run on the done event must not be refused.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent, RunSummary } from '../../contract/ipc';
import type { SystemInfo } from '../../../src-worker/engine/types';
import type { ExportFamilyRequest } from '../../../src-worker/worker/api';
import { FakeLauncher } from '../pool/testing/fake-launcher';
import type { AppCore } from './app-core';
import { createAppCore } from './create-app-core';

let dir = '';
let core: AppCore | null = null;
afterEach(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const launcher = new FakeLauncher(() => ({
  loadSearchSet: async (src) => ({ key: src.kind === 'specs' ? src.key : 'k', searchCount: 1 }),
  searchFiles: async (tasks) =>
    tasks.map((t) => ({
      ok: true as const,
      taskId: t.taskId,
      relPath: t.file.relPath,
      system: { systemName: 'lin1', filePath: t.file.filePath, relPath: t.file.relPath, sizeBytes: t.file.sizeBytes, osFamily: 'Linux' } as SystemInfo,
      rowCounts: { 0: 1 },
      checks: [],
      linesRead: 1,
      bytesRead: 1,
      spillPath: t.spillPath,
      held: false,
    })),
  exportFamily: async (req: ExportFamilyRequest) => {
    const workbookPath = join(req.outDir, `${req.family}.xlsx`);
    await writeFile(workbookPath, 'x');
    return { family: req.family, workbookPath, jsonPath: null, rows: 1, sheets: 2, searches: [], markedRows: [], markedCells: [] };
  },
}));

describe('createAppCore', () => {
  it('accepts startRun from a listener of the done event', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpat-core-run-'));
    const input = join(dir, 'input');
    await mkdir(input);
    await writeFile(join(input, 'lin1.txt'), 'a');
    const set = join(dir, 'set.yaml');
    await writeFile(set, "one:\n  regex: '^x'\n");
    const made = await createAppCore({ userDataDir: join(dir, 'user'), cores: 2, version: 't', host: 'browser', platform: 'linux', libraryDir: join(dir, 'lib'), launcher, workerModule: 'fake-worker', log: () => undefined, tempRoot: dir });
    core = made;
    made.grantPath(input);
    made.grantPath(set);
    const request = { root: input, searchSet: { kind: 'file' as const, path: set }, workerCount: 1 };
    const summaries: RunSummary[] = [];
    let next: Promise<{ runId: string }> | null = null;
    const bothDone = new Promise<void>((resolve) => {
      made.onRunEvent((e: RunEvent) => {
        if (e.type !== 'done') return;
        summaries.push(e.summary);
        if (summaries.length > 1) return resolve();
        next = made.startRun(request);
        // Refused: the test fails on `next` below, at once.
        next.catch(() => resolve());
      });
    });
    await made.startRun(request);
    await bothDone;
    await expect(next).resolves.toEqual({ runId: summaries[1]?.runId });
    expect(summaries.map((s) => s.outcome)).toEqual(['complete', 'complete']);
  });
});
