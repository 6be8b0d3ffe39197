// Each step of a run alone, over a RunContext made here (no pool where the step needs none).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FamilyOutput, RunEvent } from '../../../contract/ipc';
import type { ExportFamilyResult } from '../../../../src-worker/worker/api';
import type { RunStartOptions } from '../../app/app-core';
import type { WorkerPool } from '../../pool/worker-pool';
import { newRunContext, RunReporter, RunStop, SearchSetInvalid, type PriorRun, type RunContext } from '../run-context';
import { commit } from './commit';
import { discover } from './discover';
import { loadSet } from './load-set';

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
  return { family, workbookPath, jsonPath, rows: 0, sheets: 2, searches: [], markedRows: [] };
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
    const retry = { ...ctx, prior: { outputs } as PriorRun, staged: [staged(ctx, 'Linux', 'after')] };
    await commit(retry);
    expect(retry.outputs.map((o) => o.workbookPath)).toEqual([join(ctx.opts.outputDir, 'Linux-own.xlsx'), join(ctx.opts.outputDir, 'Windows-own.xlsx')]);
    expect(readFileSync(join(ctx.opts.outputDir, 'Linux-own.xlsx'), 'utf8')).toBe('after');
    expect(readFileSync(join(ctx.opts.outputDir, 'Windows-own.xlsx'), 'utf8')).toBe('before');
    expect(readdirSync(ctx.opts.outputDir).sort()).toEqual(['Linux-own.json', 'Linux-own.xlsx', 'Windows-own.json', 'Windows-own.xlsx']);
  });
});
