import { mkdtemp, mkdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent, RunSummary, ScanResult } from '../../contract/ipc';
import type { SearchSet, SystemInfo } from '../../../src-worker/engine/types';
import { makeSpec } from '../../../src-worker/engine/testing/spec';
import { AppCore, type RunService, type RunStartOptions } from './app-core';

let dir: string;
let core: AppCore;
let started: RunStartOptions[];
let reopened: string[];
let emit: (e: RunEvent) => void;

const system = (name: string, osFamily: SystemInfo['osFamily']) => ({ systemName: name, osFamily }) as SystemInfo;
const spec = (index: number, name: string, family: string | null) =>
  makeSpec({
    index,
    name,
    jsRegex: 'x',
    source: { file: '/conf/a.yaml', line: index + 1, column: 1 },
    sysFilter: family ? [{ attr: 'os_family', comp: 'eq', value: family }] : [],
  });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpat-core-'));
  await mkdir(join(dir, 'input'));
  await mkdir(join(dir, 'lib'));
  await writeFile(join(dir, 'lib', 'linux.yaml'), '# Linux searches\n# for auditors\n\nx: 1\n');
  await writeFile(join(dir, 'lib', 'all.yaml'), 'include_x: y\n');
  await writeFile(join(dir, 'input', 'bad.yaml'), 'x');
  started = [];
  reopened = [];
  const listeners = new Set<(e: RunEvent) => void>();
  emit = (e) => listeners.forEach((l) => l(e));
  const runs: RunService = {
    start: async (o) => {
      started.push(o);
      return { runId: 'run1' };
    },
    cancel: async () => undefined,
    retryFailed: async () => ({ runId: 'run2' }),
    getOverview: async () => {
      throw new Error('no');
    },
    getRows: async () => {
      throw new Error('no');
    },
    compareGrid: async () => {
      throw new Error('no');
    },
    sourceContext: async () => {
      throw new Error('no');
    },
    systemView: async () => {
      throw new Error('no');
    },
    driftAgainst: async (runId: string, earlier: string) => ({ runId, baseline: { path: earlier, files: [], startedAt: null }, families: [], onlyBaseline: [], onlyCurrent: [] }),
    findings: async () => {
      throw new Error('no');
    },
    putMark: async () => {
      throw new Error('no');
    },
    removeMark: async () => {
      throw new Error('no');
    },
    reportHtml: async () => '<!DOCTYPE html>',
    writeReport: async () => join(dir, 'input', 'results', 'kpat_report-20261203-080000.html'),
    exportView: async (_runId, query) => {
      const path = join(dir, 'out', `Linux_view-${query.columns.join('-')}.xlsx`);
      await mkdir(join(dir, 'out'), { recursive: true });
      await writeFile(path, 'xlsx');
      return { path, rows: 3 };
    },
    reopen: async (path) => {
      reopened.push(path);
      const workbook = join(path, 'Linux_search_results-20261101-090000.xlsx');
      return {
        runId: 'run-old',
        summary: { runId: 'run-old', outcome: 'complete', families: [{ family: 'Linux', workbookPath: workbook }], manifestPath: join(path, 'kpat-manifest-20261101-090000.json') } as RunSummary,
        families: [],
      };
    },
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    dispose: async () => undefined,
  };
  core = await AppCore.create({
    userDataDir: join(dir, 'user'),
    cores: 2,
    version: '1.2.3',
    host: 'browser',
    platform: 'linux',
    libraryDir: join(dir, 'lib'),
    createRuns: () => runs,
    scanFolder: async (root): Promise<ScanResult> => ({
      root,
      systems: [system('u1', 'Linux'), system('w1', 'Windows')],
      skipped: [],
      filesFound: 2,
      totalBytes: 10,
      emptyReason: null,
    }),
    loadSearchSet: async (file): Promise<SearchSet> => {
      if (file.endsWith('bad.yaml')) throw Object.assign(new Error('bad'), { problems: [{ file, line: 3, column: 1, search: 's1', message: 'max_results must be -1' }] });
      return { rootFile: file, files: [file], searches: [spec(0, 'lin', 'Linux'), spec(1, 'any', null)], warnings: [] };
    },
    filters: {
      searchAppliesTo: (s, sys) => s.sysFilter.every((f) => f.value === sys.osFamily),
      searchFamilies: (s) => (s.sysFilter.length ? [s.sysFilter[0]?.value as 'Linux'] : ['Linux', 'Windows', 'Darwin', 'ActiveDirectory']),
    },
  });
});
afterEach(async () => {
  await core.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('AppCore', () => {
  it('refuses folders the user did not choose, and remembers chosen ones as recent', async () => {
    const input = join(dir, 'input');
    await expect(core.scanFolder(input)).rejects.toThrow(/was not chosen by the user/);
    core.grantPath(input);
    expect((await core.scanFolder(input)).systems).toHaveLength(2);
    expect((await core.getSettings()).settings.recentFolders).toEqual([input]);
  });

  it('makes the folder of a dropped file reachable, and a dropped folder itself', async () => {
    const input = join(dir, 'input');
    core.grantDroppedPath(join(input, 'bad.yaml'));
    await expect(core.gate.check(join(input, 'other.txt'), 'File')).resolves.toBe(join(input, 'other.txt'));
    await expect(core.gate.check(join(dir, 'lib', 'all.yaml'), 'File')).rejects.toThrow(/not chosen/);
    core.grantDroppedPath(join(dir, 'lib'));
    await expect(core.gate.check(join(dir, 'lib', 'all.yaml'), 'File')).resolves.toBe(join(dir, 'lib', 'all.yaml'));
  });

  it('refuses settings that point at paths the user did not choose', async () => {
    await expect(core.saveSettings({ lastSearchSet: { kind: 'file', path: '/etc/x.yaml' } })).rejects.toThrow(/Search file \/etc\/x.yaml was not chosen/);
    await expect(core.saveSettings({ recentFolders: ['/home'] })).rejects.toThrow(/Recent folder/);
    expect((await core.saveSettings({ workerCount: 1 })).settings.workerCount).toBe(1);
  });

  it('lists the built-in umbrella files with their leading comment', async () => {
    expect(await core.listSearchSets()).toEqual([
      { ref: { kind: 'builtin', name: 'all' }, title: 'All systems (built-in)', description: '' },
      { ref: { kind: 'builtin', name: 'linux' }, title: 'Linux (built-in)', description: 'Linux searches for auditors' },
    ]);
  });

  it('reports a search set per family with the systems each search applies to', async () => {
    const input = join(dir, 'input');
    core.grantPath(input);
    const report = await core.inspectSearchSet({ kind: 'builtin', name: 'linux' }, input);
    expect(report.searchCount).toBe(2);
    expect(report.perFamily).toEqual({ Linux: 1, Windows: 0, Darwin: 0, ActiveDirectory: 0, Any: 1 });
    expect(report.searches.map((s) => [s.name, s.family, s.appliesTo])).toEqual([
      ['lin', 'Linux', ['u1']],
      ['any', null, ['u1', 'w1']],
    ]);
    await expect(core.inspectSearchSet({ kind: 'builtin', name: 'nope' }, null)).rejects.toThrow(/no built-in search set named "nope"/);
  });

  it('returns configuration problems with file and line instead of failing', async () => {
    const bad = join(dir, 'input', 'bad.yaml');
    core.grantPath(bad);
    const report = await core.inspectSearchSet({ kind: 'file', path: bad }, null);
    expect(report.problems).toEqual([{ file: bad, line: 3, column: 1, search: 's1', message: 'max_results must be -1' }]);
    expect(report.searchCount).toBe(0);
  });

  it('starts a run with settings applied, output under the input folder, and makes its workbooks openable', async () => {
    const input = join(dir, 'input');
    core.grantPath(input);
    await expect(core.startRun({ root: input, searchSet: { kind: 'file', path: '/etc/x.yaml' } })).rejects.toThrow(/Search file/);
    const { runId } = await core.startRun({ root: input, searchSet: { kind: 'builtin', name: 'linux' }, workerCount: 8 });
    expect(runId).toBe('run1');
    expect(started[0]).toMatchObject({ root: input, outputDir: join(input, 'results'), workerCount: 2, perFileTimeoutSec: 120, writeJson: false });
    expect((await core.getSettings()).settings.lastSearchSet).toEqual({ kind: 'builtin', name: 'linux' });
    const seen: RunEvent[] = [];
    core.onRunEvent((e) => seen.push(e));
    // an output folder typed in Settings, outside anything the user chose
    const workbook = join(dir, 'out', 'Linux_search_results-1.xlsx');
    await mkdir(join(dir, 'out'));
    await writeFile(workbook, 'PK');
    await writeFile(join(dir, 'out', 'evil.sh'), '#!/bin/sh');
    const summary = { outcome: 'complete', outputDir: join(dir, 'out'), families: [{ family: 'Linux', workbookPath: workbook }] } as RunSummary;
    emit({ type: 'done', summary });
    expect(seen).toHaveLength(1);
    await expect(core.openableFile(workbook)).resolves.toBe(workbook);
    // the output folder itself (and anything else in it) stays closed
    await expect(core.openableFile(join(dir, 'out', 'evil.sh'))).rejects.toThrow(/not a file written by a run/);
    await expect(core.openableFile(join(dir, 'out'))).rejects.toThrow(/not a file written by a run/);
  });

  it('compares paths after resolving links: a symlink or a `..` through one out of a chosen folder is refused', async () => {
    const input = join(dir, 'input');
    await mkdir(join(dir, 'outside', 'x', 'y'), { recursive: true });
    await writeFile(join(dir, 'outside', 'secret.txt'), 'secret');
    await mkdir(join(input, 'a', 'b'), { recursive: true });
    await symlink(join(dir, 'outside'), join(input, 'escape'));
    await symlink(join(dir, 'outside', 'x', 'y'), join(input, 'a', 'b', 'lnk'));
    core.grantPath(input);
    await expect(core.scanFolder(join(input, 'escape'))).rejects.toThrow(/not chosen/);
    // Lexically input/a/secret.txt; the file system follows lnk first and lands in outside/.
    await expect(core.inspectSearchSet({ kind: 'file', path: `${input}/a/b/lnk/../../secret.txt` }, null)).rejects.toThrow(/not chosen/);
    expect((await core.scanFolder(join(input, 'a'))).systems).toHaveLength(2);
  });

  it('opens and shows only the files its runs wrote, never an input file or a link to one', async () => {
    const input = join(dir, 'input');
    core.grantPath(input);
    await expect(core.openableFile(join(input, 'bad.yaml'))).rejects.toThrow(/not a file written by a run of this app/);
    await mkdir(join(dir, 'out'));
    const workbook = join(dir, 'out', 'Linux_search_results-1.xlsx');
    await writeFile(workbook, 'PK');
    emit({ type: 'done', summary: { outcome: 'complete', outputDir: join(dir, 'out'), families: [{ family: 'Linux', workbookPath: workbook, jsonPath: null }] } as unknown as RunSummary });
    expect(await core.openableFile(workbook)).toBe(await realpath(workbook));
    // A link beside the workbook, named like one, that points at an input file.
    await symlink(join(input, 'bad.yaml'), join(dir, 'out', 'Linux_search_results-2.xlsx'));
    await expect(core.openableFile(join(dir, 'out', 'Linux_search_results-2.xlsx'))).rejects.toThrow(/not a file written by a run/);
    await expect(core.openableFile(`${dir}/out/../out/Linux_search_results-1.xlsx`)).resolves.toBe(await realpath(workbook));
  });

  it('lets the page open an exported view of the grid, and nothing else beside it', async () => {
    const written = await core.exportView('run1', { family: 'Linux', index: 0, columns: [0, 2] });
    expect(written.rows).toBe(3);
    await expect(core.openableFile(written.path)).resolves.toBe(await realpath(written.path));
    await writeFile(join(dir, 'out', 'Linux_view-0.xlsx'), 'not ours');
    await expect(core.openableFile(join(dir, 'out', 'Linux_view-0.xlsx'))).rejects.toThrow(/not a file written by a run/);
  });

  it('takes an output folder only from a folder dialog or under a chosen folder', async () => {
    const input = join(dir, 'input');
    core.grantPath(input);
    await expect(core.saveSettings({ outputDir: join(dir, 'elsewhere') })).rejects.toThrow(/Output folder .*elsewhere was not chosen/);
    await expect(core.startRun({ root: input, searchSet: { kind: 'builtin', name: 'linux' }, outputDir: '/etc/cron.d' })).rejects.toThrow(/Output folder/);
    expect(started).toHaveLength(0);
    expect((await core.saveSettings({ outputDir: join(input, 'results-2') })).settings.outputDir).toBe(join(input, 'results-2'));
    core.grantPath(join(dir, 'lib'));
    await core.startRun({ root: input, searchSet: { kind: 'builtin', name: 'linux' }, outputDir: join(dir, 'lib') });
    expect(started[0]?.outputDir).toBe(join(dir, 'lib'));
    // Saving other settings keeps an output folder stored earlier, whatever it is.
    expect((await core.saveSettings({ outputDir: join(input, 'results-2'), workerCount: 1 })).settings.workerCount).toBe(1);
  });

  it('remembers completed runs, says which one the UI showed last, and opens earlier runs only from chosen places', async () => {
    const manifest = join(dir, 'out', 'kpat-manifest-20261203-080000.json');
    emit({ type: 'done', summary: { runId: 'run1', outcome: 'complete', families: [{ family: 'Linux', workbookPath: null, jsonPath: null }], manifestPath: manifest } as unknown as RunSummary });
    expect((await core.runHistory()).current).toBe('run1');
    await expect.poll(async () => JSON.parse(await readFile(join(dir, 'user', 'run-history.json'), 'utf8')).manifests).toEqual([manifest]);
    // A cancelled run does not replace the results shown.
    emit({ type: 'done', summary: { runId: 'run2', outcome: 'cancelled', families: [], manifestPath: null } as unknown as RunSummary });
    expect((await core.runHistory()).current).toBe('run1');

    const elsewhere = join(dir, 'elsewhere');
    await expect(core.openRun(elsewhere)).rejects.toThrow(/Results .* was not chosen by the user/);
    await expect(core.runsInFolder(elsewhere)).rejects.toThrow(/Folder .* was not chosen by the user/);
    expect(reopened).toEqual([]);
    core.grantPath(elsewhere);
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'Linux_search_results-20261101-090000.xlsx'), 'PK');
    await writeFile(join(elsewhere, 'other.xlsx'), 'PK');
    const overview = await core.openRun(elsewhere);
    expect(reopened).toEqual([elsewhere]);
    expect((await core.runHistory()).current).toBe('run-old');
    // Its workbook may now be opened, nothing else beside it.
    await expect(core.openableFile(overview.summary.families[0]?.workbookPath ?? '')).resolves.toBe(join(elsewhere, 'Linux_search_results-20261101-090000.xlsx'));
    await expect(core.openableFile(join(elsewhere, 'other.xlsx'))).rejects.toThrow(/not a file written by a run/);
    expect(JSON.parse(await readFile(join(dir, 'user', 'run-history.json'), 'utf8')).manifests[0]).toBe(join(elsewhere, 'kpat-manifest-20261101-090000.json'));
    // A run this app made reopens from its manifest (the history's entries), though its folder was never chosen.
    await core.openRun(manifest);
    expect(reopened.at(-1)).toBe(manifest);
  });

  it("starts a run compared with an earlier one only when the user chose it and it reads as this app's results", async () => {
    const input = join(dir, 'input');
    core.grantPath(input);
    const earlier = join(dir, 'earlier-run');
    await mkdir(earlier);
    const json = join(earlier, 'Linux_search_results-20251203-090000.json');
    await writeFile(json, JSON.stringify({ family: 'Linux', systems: [], searches: [] }));
    const request = { root: input, searchSet: { kind: 'builtin' as const, name: 'linux' }, compareWith: json };
    await expect(core.startRun(request)).rejects.toThrow(/Earlier run .* was not chosen by the user/);
    core.grantPath(earlier);
    await writeFile(join(earlier, 'notes.json'), '{"hello": 1}');
    await expect(core.startRun({ ...request, compareWith: join(earlier, 'notes.json') })).rejects.toThrow(/notes\.json is not a results JSON of this app/);
    expect(started).toHaveLength(0);
    await core.startRun(request);
    expect(started[0]?.compareWith).toBe(json);
  });

  it('compares with an earlier run only from a place the user chose (a history entry, a picked folder or file)', async () => {
    const earlier = join(dir, 'earlier');
    await mkdir(earlier);
    await expect(core.driftAgainst('run1', earlier)).rejects.toThrow(/Earlier run .* was not chosen by the user/);
    core.grantPath(earlier);
    await expect(core.driftAgainst('run1', earlier)).resolves.toMatchObject({ runId: 'run1', baseline: { path: earlier } });
  });
});
