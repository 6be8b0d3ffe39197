import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../contract/ipc';
import { buildManifest, writeManifest } from '../run/run-manifest';
import { HISTORY_FILE, RunHistory } from './run-history';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpat-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function manifestIn(folder: string, startedAt: string, runId: string, outcome: RunSummary['outcome'] = 'complete'): Promise<string> {
  await mkdir(folder, { recursive: true });
  const json = `Linux_search_results-${runId}.json`;
  if (outcome === 'complete') await writeFile(join(folder, json), '{}');
  const summary: RunSummary = {
    runId,
    outcome,
    error: null,
    root: '/in',
    outputDir: folder,
    searchSetTitle: 'all',
    startedAt,
    elapsedMs: 10,
    systems: 1,
    filesTotal: 1,
    filesSearched: 1,
    skipped: [],
    failedFiles: [],
    familiesWithoutWorkbook: [],
    families: outcome === 'complete' ? [{ family: 'Linux', systems: 1, searches: 1, rows: 4, workbookPath: null, jsonPath: join(folder, json) }] : [],
    manifestPath: null,
  };
  const manifest = buildManifest({
    appVersion: '1',
    summary,
    outcomeLabel: outcome,
    finishedAt: new Date(Date.parse(startedAt) + 10),
    searchSet: { title: 'all', files: [], sha384: null, searchCount: 1 },
    inputs: [{ relPath: 'a.txt', sizeBytes: 3, sha384: 'ab', status: 'system', reason: null }],
    families: summary.families.map((output) => ({ output, systems: [], searches: [] })),
  });
  return writeManifest(folder, manifest);
}

describe('RunHistory', () => {
  it('lists remembered manifests and those found in the given folders, newest first, and keeps them in its file', async () => {
    const older = await manifestIn(join(dir, 'a'), '2026-12-01T10:00:00.000Z', 'run-a');
    const newer = await manifestIn(join(dir, 'b'), '2026-12-02T10:00:00.000Z', 'run-b', 'cancelled');
    const history = await RunHistory.open(dir);
    await history.remember(older);
    const entries = await history.list([join(dir, 'b'), join(dir, 'missing')]);
    expect(entries.map((e) => [e.runId, e.outcome, e.reopenable])).toEqual([
      ['run-b', 'cancelled', false],
      ['run-a', 'complete', true],
    ]);
    expect(entries[1]).toMatchObject({ manifestPath: older, rows: 4, systems: 1, families: ['Linux'], searchSetTitle: 'all' });
    expect(JSON.parse(await readFile(join(dir, HISTORY_FILE), 'utf8'))).toEqual({ manifests: [older] });
    // After a restart: the file brings the remembered one back.
    expect((await (await RunHistory.open(dir)).list([])).map((e) => e.manifestPath)).toEqual([older]);
    expect((await history.inFolder(join(dir, 'b'))).map((e) => e.manifestPath)).toEqual([newer]);
  });

  it('leaves out manifests that are gone or damaged, and a run whose results JSON is gone cannot be reopened', async () => {
    const gone = await manifestIn(join(dir, 'a'), '2026-12-01T10:00:00.000Z', 'run-a');
    const damaged = await manifestIn(join(dir, 'b'), '2026-12-02T10:00:00.000Z', 'run-b');
    const noJson = await manifestIn(join(dir, 'c'), '2026-12-03T10:00:00.000Z', 'run-c');
    const history = await RunHistory.open(dir);
    for (const p of [gone, damaged, noJson]) await history.remember(p);
    await rm(gone);
    await writeFile(damaged, '{"kind":"something else"}');
    await rm(join(dir, 'c', 'Linux_search_results-run-c.json'));
    expect((await history.list([])).map((e) => [e.runId, e.reopenable])).toEqual([['run-c', false]]);
  });

  it('starts empty when its file is damaged', async () => {
    await writeFile(join(dir, HISTORY_FILE), 'not json');
    const logs: string[] = [];
    const history = await RunHistory.open(dir, (m) => logs.push(m));
    expect(await history.list([])).toEqual([]);
    expect(logs[0]).toMatch(/run history .* ignored/);
  });
});
