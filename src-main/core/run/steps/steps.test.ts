// Each step of a run alone, over a RunContext made here (no pool where the step needs none).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FamilyOutput, RunEvent } from '../../../contract/ipc';
import type { SkippedFile, SystemInfo } from '../../../../src-worker/engine/types';
import type { ExportFamilyRequest, ExportFamilyResult, WorkerApi } from '../../../../src-worker/worker/api';
import type { RunStartOptions } from '../../app/app-core';
import { FAKE_WORKER, FakeLauncher } from '../../pool/testing/fake-launcher';
import { WorkerPool } from '../../pool/worker-pool';
import { newRunContext, RunCancelled, RunReporter, RunStop, SearchSetInvalid, type PriorRun, type RunContext } from '../run-context';
import { identityOf, type FileIdentity } from '../output-names';
import { commit } from './commit';
import { discover } from './discover';
import { exportFamilies } from './export';
import { loadSet } from './load-set';
import { search } from './search';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function testContext(over: Partial<RunContext> = {}): { ctx: RunContext; events: RunEvent[]; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'kpat-step-'));
  dirs.push(root);
  mkdirSync(join(root, 'in'));
  const events: RunEvent[] = [];
  const opts: RunStartOptions = { root: join(root, 'in'), searchSetFile: join(root, 'set.yaml'), searchSetTitle: '', libraryDir: null, outputDir: join(root, 'out'), workerCount: 1, perFileTimeoutSec: 5, writeJson: true };
  const startedAt = new Date();
  const ctx: RunContext = {
    ...newRunContext({
      runId: 'r1',
      opts,
      startedAt,
      env: { pool: null as unknown as WorkerPool, appVersion: 't', filespec: '*.txt', tempRoot: join(root, 'tmp'), keepResults: true, writeManifest: false },
      report: new RunReporter('r1', startedAt, (e) => events.push(e), () => [], 0),
      stop: new RunStop(),
      prior: null,
      stagingDir: join(opts.outputDir, `.kpat-staging-${process.pid}-r1`),
    }),
    ...over,
  };
  mkdirSync(ctx.env.tempRoot);
  return { ctx, events, root };
}

const staged = (ctx: RunContext, family: 'Linux' | 'Windows', text: string): ExportFamilyResult => {
  mkdirSync(ctx.stagingDir, { recursive: true });
  const workbookPath = join(ctx.stagingDir, `${family}_search_results-20261203-080000.xlsx`);
  const jsonPath = join(ctx.stagingDir, `${family}_search_results-20261203-080000.json`);
  writeFileSync(workbookPath, text);
  writeFileSync(jsonPath, text);
  return { family, workbookPath, jsonPath, rows: 0, sheets: 2, searches: [], markedRows: [], markedCells: [] };
};

describe('step discover', () => {
  it('proves the output folder writable, sweeps dead staging folders, makes the run folder, and never reads the output folder', async () => {
    const { ctx } = testContext();
    ctx.opts.outputDir = join(ctx.opts.root, 'results');
    mkdirSync(join(ctx.opts.outputDir, '.kpat-staging-999999999-old'), { recursive: true });
    writeFileSync(join(ctx.opts.root, 'a.txt'), 'x');
    writeFileSync(join(ctx.opts.outputDir, 'b.txt'), 'x');
    const found = await discover(ctx);
    expect(ctx.files.map((f) => f.relPath)).toEqual(['a.txt']);
    expect(ctx.tempDir).toContain(`kpat-run-${process.pid}-`);
    expect(existsSync(join(ctx.opts.outputDir, '.kpat-staging-999999999-old'))).toBe(false);
    expect((await found.families).get('a.txt')).toBeNull();
  });
  it('sets the excluded files aside; excluding every file stops the run with a message saying so', async () => {
    const { ctx } = testContext();
    for (const n of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(join(ctx.opts.root, n), 'x');
    ctx.opts.exclude = ['b.txt'];
    await discover(ctx);
    expect(ctx.files.map((f) => f.relPath)).toEqual(['a.txt', 'c.txt']);
    expect(ctx.excluded.map((f) => f.relPath)).toEqual(['b.txt']);
    const all = testContext().ctx;
    writeFileSync(join(all.opts.root, 'a.txt'), 'x');
    all.opts.exclude = ['a.txt'];
    await expect(discover(all)).rejects.toThrow(/The only file found in .* was excluded on the Review screen/);
  });
});

describe('step load set', () => {
  it('reports each problem as an error naming file and search, then stops the run', async () => {
    const { ctx, events } = testContext();
    writeFileSync(ctx.opts.searchSetFile, "one:\n  regex: '(unclosed'\n");
    await expect(loadSet(ctx)).rejects.toBeInstanceOf(SearchSetInvalid);
    expect(events.filter((e) => e.type === 'error')).toEqual([expect.objectContaining({ file: ctx.opts.searchSetFile, search: 'one' })]);
  });

  it('titles the set by its file name when no title was given; a retry keeps its prior set', async () => {
    const { ctx } = testContext();
    writeFileSync(ctx.opts.searchSetFile, "one:\n  regex: '^x'\n");
    const set = await loadSet(ctx);
    expect([set.title, set.source.searches.map((s) => s.name)]).toEqual(['set.yaml', ['one']]);
    const retry = testContext({ prior: { set } as PriorRun });
    expect(await loadSet(retry.ctx)).toBe(set);
  });
});

describe('step commit', () => {
  it('moves the staged files beside any others, numbered when the name is taken, and removes the staging folder', async () => {
    const { ctx } = testContext();
    mkdirSync(ctx.opts.outputDir);
    writeFileSync(join(ctx.opts.outputDir, 'Linux_search_results-20261203-080000.xlsx'), 'another run');
    ctx.staged = [staged(ctx, 'Linux', 'ours')];
    await commit(ctx);
    expect(ctx.outputs.map((o) => [o.workbookPath, o.jsonPath])).toEqual([
      [join(ctx.opts.outputDir, 'Linux_search_results-20261203-080000-2.xlsx'), join(ctx.opts.outputDir, 'Linux_search_results-20261203-080000-2.json')],
    ]);
    expect(readFileSync(join(ctx.opts.outputDir, 'Linux_search_results-20261203-080000.xlsx'), 'utf8')).toBe('another run');
    expect(existsSync(ctx.stagingDir)).toBe(false);
  });

  it('a retry replaces the files its run created, and keeps an earlier family whose export failed this time', async () => {
    const { ctx } = testContext();
    mkdirSync(ctx.opts.outputDir);
    const own = (family: 'Linux' | 'Windows'): FamilyOutput => {
      const workbookPath = join(ctx.opts.outputDir, `${family}-own.xlsx`);
      const jsonPath = join(ctx.opts.outputDir, `${family}-own.json`);
      writeFileSync(workbookPath, 'before');
      writeFileSync(jsonPath, 'before');
      return { family, systems: 1, searches: 1, rows: 0, workbookPath, jsonPath };
    };
    const outputs = [own('Linux'), own('Windows')];
    const created = await createdBy(outputs.flatMap((o) => [o.workbookPath ?? '', o.jsonPath ?? '']));
    const retry = { ...ctx, prior: { outputs, created } as Partial<PriorRun> as PriorRun, staged: [staged(ctx, 'Linux', 'after')] };
    await commit(retry);
    expect(retry.outputs.map((o) => o.workbookPath)).toEqual([join(ctx.opts.outputDir, 'Linux-own.xlsx'), join(ctx.opts.outputDir, 'Windows-own.xlsx')]);
    expect(readFileSync(join(ctx.opts.outputDir, 'Linux-own.xlsx'), 'utf8')).toBe('after');
    expect(readFileSync(join(ctx.opts.outputDir, 'Windows-own.xlsx'), 'utf8')).toBe('before');
    expect(readdirSync(ctx.opts.outputDir).sort()).toEqual(['Linux-own.json', 'Linux-own.xlsx', 'Windows-own.json', 'Windows-own.xlsx']);
  });

  it('a retry never replaces a file its run did not create: one put in its place since is kept, and ours go beside it', async () => {
    const { ctx } = testContext();
    mkdirSync(ctx.opts.outputDir);
    ctx.staged = [staged(ctx, 'Linux', 'first')];
    await commit(ctx);
    const first = ctx.outputs[0] as FamilyOutput;
    const ours = first.workbookPath ?? '';
    // Someone moves the run's workbook away and puts another file under its name.
    rmSync(ours);
    writeFileSync(ours, 'theirs');
    const retry: RunContext = { ...ctx, prior: { outputs: ctx.outputs, created: ctx.created } as Partial<PriorRun> as PriorRun, staged: [staged(ctx, 'Linux', 'retried')] };
    await commit(retry);
    expect(readFileSync(ours, 'utf8')).toBe('theirs');
    const placed = retry.outputs[0] as FamilyOutput;
    expect([placed.workbookPath, placed.jsonPath]).toEqual([
      join(ctx.opts.outputDir, 'Linux_search_results-20261203-080000-2.xlsx'),
      join(ctx.opts.outputDir, 'Linux_search_results-20261203-080000-2.json'),
    ]);
    expect(readFileSync(placed.workbookPath ?? '', 'utf8')).toBe('retried');
    // The run's own earlier JSON (still its own) goes: it described the workbook the retry rewrote.
    expect(readdirSync(ctx.opts.outputDir).sort()).toEqual(['Linux_search_results-20261203-080000-2.json', 'Linux_search_results-20261203-080000-2.xlsx', 'Linux_search_results-20261203-080000.xlsx']);
  });
});

async function createdBy(paths: string[]): Promise<Map<string, FileIdentity>> {
  const out = new Map<string, FileIdentity>();
  for (const p of paths) {
    const id = await identityOf(p);
    if (id) out.set(p, id);
  }
  return out;
}

// ---- the steps that run on the pool, over in-process fake workers

const pools: WorkerPool[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.close();
});

function fakeSystem(relPath: string, filePath: string, sizeBytes: number): SystemInfo {
  const osFamily = relPath.startsWith('win') ? 'Windows' : 'Linux';
  return { systemName: relPath.replace(/\.txt$/, ''), filePath, relPath, sizeBytes, osFamily } as SystemInfo;
}

/** A worker that finds two rows in every file, skips `skip*.txt` and writes a one-byte workbook. */
function fakeWorker(searchedPaths: string[], over: Partial<WorkerApi> = {}): Partial<WorkerApi> {
  return {
    loadSearchSet: async (src) => ({ key: src.kind === 'specs' ? src.key : 'k', searchCount: 1 }),
    searchFiles: async (tasks) =>
      tasks.map((t) => {
        searchedPaths.push(t.file.relPath);
        if (t.file.relPath.startsWith('skip')) return { ok: false as const, taskId: t.taskId, relPath: t.file.relPath, skipped: { relPath: t.file.relPath, reason: 'not a KPNIXAUDIT/KPWINAUDIT result file' } as SkippedFile };
        return { ok: true as const, taskId: t.taskId, relPath: t.file.relPath, system: fakeSystem(t.file.relPath, t.file.filePath, t.file.sizeBytes), rowCounts: { 0: 2 }, checks: [], linesRead: 1, bytesRead: 1, spillPath: t.spillPath, held: false };
      }),
    exportFamily: async (req: ExportFamilyRequest) => {
      const workbookPath = join(req.outDir, `${req.family}.xlsx`);
      writeFileSync(workbookPath, 'x');
      return { family: req.family, workbookPath, jsonPath: null, rows: 2 * req.systems.length, sheets: 3, searches: [], markedRows: [], markedCells: [] };
    },
    ...over,
  };
}

/** A context whose files are found and whose set is loaded (steps 1 and 2), on a pool of fake workers. */
async function readyContext(files: string[], worker: Partial<WorkerApi>, over: Partial<RunContext> = {}) {
  const pool = new WorkerPool({ launcher: new FakeLauncher(() => worker), worker: FAKE_WORKER, size: 2 });
  pools.push(pool);
  const made = testContext(over);
  const ctx: RunContext = { ...made.ctx, env: { ...made.ctx.env, pool } };
  for (const f of files) writeFileSync(join(ctx.opts.root, f), 'x'.repeat(f.length));
  writeFileSync(ctx.opts.searchSetFile, "one:\n  regex: '^x'\n");
  const found = await discover(ctx);
  const set = await loadSet(ctx);
  ctx.set = set;
  ctx.families = await found.families;
  return { ...made, ctx, set, pool };
}

describe('step search', () => {
  it('sorts the outcomes into searched and skipped files by path, each skipped file warned of by name', async () => {
    const searchedPaths: string[] = [];
    const { ctx, set, events } = await readyContext(['win2.txt', 'lin1.txt', 'skip-notes.txt'], fakeWorker(searchedPaths));
    await search(ctx, set);
    expect(searchedPaths.sort()).toEqual(['lin1.txt', 'skip-notes.txt', 'win2.txt']);
    expect(ctx.searched.map((o) => o.file.relPath)).toEqual(['lin1.txt', 'win2.txt']);
    expect(ctx.skipped).toEqual([{ relPath: 'skip-notes.txt', reason: 'not a KPNIXAUDIT/KPWINAUDIT result file' }]);
    expect(ctx.failedFiles).toEqual([]);
    expect(events.filter((e) => e.type === 'warning').map((e) => e.type === 'warning' && e.message)).toEqual(['Skipped skip-notes.txt: not a KPNIXAUDIT/KPWINAUDIT result file']);
  });

  it('a file whose worker fails twice is failed, named once with its reason; the others are searched', async () => {
    const { ctx, set, events } = await readyContext(['lin1.txt', 'lin2.txt'], fakeWorker([], {
      searchFiles: async (tasks) => {
        if (tasks.some((t) => t.file.relPath === 'lin2.txt')) throw new Error('cannot read lin2.txt: EIO');
        return fakeWorker([]).searchFiles?.(tasks) ?? [];
      },
    }));
    await search(ctx, set);
    expect(ctx.searched.map((o) => o.file.relPath)).toEqual(['lin1.txt']);
    expect(ctx.failedFiles).toEqual([{ relPath: 'lin2.txt', reason: expect.stringContaining('EIO'), search: null }]);
    expect(events.filter((e) => e.type === 'error' && e.file === 'lin2.txt')).toHaveLength(1);
  });

  it('a retry searches only its prior run\'s failed files and keeps the prior results of the others', async () => {
    const first = await readyContext(['lin1.txt', 'lin2.txt'], fakeWorker([]));
    await search(first.ctx, first.set);
    const prior = { searched: first.ctx.searched.filter((o) => o.file.relPath === 'lin1.txt'), skipped: [], failedFiles: [{ relPath: 'lin2.txt', reason: 'watchdog', search: null }] } as unknown as PriorRun;
    const searchedPaths: string[] = [];
    const pool = new WorkerPool({ launcher: new FakeLauncher(() => fakeWorker(searchedPaths)), worker: FAKE_WORKER, size: 2 });
    pools.push(pool);
    const retry: RunContext = { ...first.ctx, prior, env: { ...first.ctx.env, pool } };
    await search(retry, first.set);
    expect(searchedPaths).toEqual(['lin2.txt']);
    expect(retry.searched.map((o) => o.file.relPath)).toEqual(['lin1.txt', 'lin2.txt']);
    expect(retry.failedFiles).toEqual([]);
  });

  it('Cancel and discard ends the run in this step', async () => {
    const { ctx, set } = await readyContext(['lin1.txt'], fakeWorker([]));
    ctx.stop.request('discard');
    await expect(search(ctx, set)).rejects.toBeInstanceOf(RunCancelled);
  });
});

describe('step export', () => {
  it('writes one workbook per family with searched systems into the staging folder, in family order', async () => {
    const { ctx, set } = await readyContext(['win1.txt', 'lin1.txt'], fakeWorker([]));
    await search(ctx, set);
    await exportFamilies(ctx, set);
    expect(ctx.staged.map((s) => [s.family, s.workbookPath])).toEqual([
      ['Linux', join(ctx.stagingDir, 'Linux.xlsx')],
      ['Windows', join(ctx.stagingDir, 'Windows.xlsx')],
    ]);
    expect([ctx.familiesFailed, ctx.familiesWithoutWorkbook]).toEqual([0, []]);
    expect(existsSync(join(ctx.opts.outputDir, 'Linux.xlsx'))).toBe(false);
  });

  it('an export that fails once is retried; one that fails twice is named without a workbook, in words of the output folder', async () => {
    const attempts = new Map<string, number>();
    const { ctx, set, events } = await readyContext(['win1.txt', 'lin1.txt'], fakeWorker([], {
      exportFamily: async (req: ExportFamilyRequest) => {
        const n = (attempts.get(req.family) ?? 0) + 1;
        attempts.set(req.family, n);
        if (req.family === 'Windows' || n === 1) throw new Error(`no space left in ${req.outDir} while writing the ${req.family} workbook (ENOSPC)`);
        return fakeWorker([]).exportFamily?.(req) as Promise<ExportFamilyResult>;
      },
    }));
    await search(ctx, set);
    await exportFamilies(ctx, set);
    // Linux: failed, retried, then written again with the run's final facts (the Windows workbook failed).
    expect(Object.fromEntries(attempts)).toEqual({ Linux: 3, Windows: 2 });
    expect(ctx.staged.map((s) => s.family)).toEqual(['Linux']);
    expect(ctx.familiesFailed).toBe(1);
    expect(ctx.familiesWithoutWorkbook).toEqual([{ family: 'Windows', reason: `its export failed: no space left in ${ctx.opts.outputDir} while writing the Windows workbook (ENOSPC)`, exportFailed: true }]);
    expect(events.some((e) => e.type === 'warning' && e.message.startsWith('Retrying the Linux export'))).toBe(true);
  });

  it("a family whose export fails after another's workbook was written: that one is written again, its Summary and JSON stating the run's final outcome", async () => {
    const facts: [string, string, string[]][] = [];
    const { ctx, set, events } = await readyContext(['win1.txt', 'lin1.txt'], fakeWorker([], {
      exportFamily: async (req: ExportFamilyRequest) => {
        facts.push([req.family, req.facts.outcome, req.facts.familiesWithoutWorkbook.map((f) => f.family)]);
        if (req.family === 'Windows') throw new Error(`no space left in ${req.outDir} while writing the Windows workbook (ENOSPC)`);
        return fakeWorker([]).exportFamily?.(req) as Promise<ExportFamilyResult>;
      },
    }));
    await search(ctx, set);
    await exportFamilies(ctx, set);
    expect(ctx.staged.map((s) => s.family)).toEqual(['Linux']);
    // The Linux workbook written last states the run as it ended: partial, the Windows workbook named.
    expect(facts.filter(([family]) => family === 'Linux').at(-1)).toEqual(['Linux', 'partial: the Windows workbook could not be written', ['Windows']]);
    expect(ctx.familiesWithoutWorkbook).toEqual([{ family: 'Windows', reason: expect.stringMatching(/^its export failed: no space left/), exportFailed: true }]);
    expect(events.some((e) => e.type === 'warning' && e.message.startsWith('Writing the Linux workbook again'))).toBe(true);
  });

  it('when the exports all succeed, each workbook is written once', async () => {
    const families: string[] = [];
    const { ctx, set } = await readyContext(['win1.txt', 'lin1.txt'], fakeWorker([], {
      exportFamily: async (req: ExportFamilyRequest) => {
        families.push(req.family);
        return fakeWorker([]).exportFamily?.(req) as Promise<ExportFamilyResult>;
      },
    }));
    await search(ctx, set);
    await exportFamilies(ctx, set);
    expect(families.sort()).toEqual(['Linux', 'Windows']);
  });

  it('a family none of whose files could be searched gets no workbook, and the run says why', async () => {
    const { ctx, set, events } = await readyContext(['lin1.txt'], fakeWorker([]));
    await search(ctx, set);
    ctx.failedFiles = [{ relPath: 'win9.txt', reason: 'watchdog', search: null }];
    ctx.families = new Map([...ctx.families, ['win9.txt', 'Windows']]);
    await exportFamilies(ctx, set);
    expect(ctx.staged.map((s) => s.family)).toEqual(['Linux']);
    expect(ctx.familiesWithoutWorkbook).toEqual([{ family: 'Windows', reason: 'none of its 1 file could be searched (see the failed files)' }]);
    expect(events.some((e) => e.type === 'warning' && e.message === 'No Windows workbook: none of its 1 file could be searched (see the failed files)')).toBe(true);
  });
});
