// A run leaves its manifest and results JSON beside the workbooks; another JobRunner (as after a
// restart of the app) reopens it from those files and browses the same rows as the fresh run.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsOverview, RunSummary } from '../../contract/ipc';
import { nodeLauncher } from '../pool/node-transport';
import { WorkerPool } from '../pool/worker-pool';
import { JobRunner } from './job-runner';
import { readManifest } from './run-manifest';
import { auditAll, builtBundle, makeCorpus } from './testing/itest-support';

let bundle: { worker: string; dir: string };
let corpus: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(() => {
  bundle = builtBundle();
  corpus = makeCorpus(1);
});
afterAll(async () => {
  for (const close of closers) await close();
  rmSync(bundle.dir, { recursive: true, force: true });
  rmSync(corpus, { recursive: true, force: true });
});

function runner(): JobRunner {
  const pool = new WorkerPool({ launcher: nodeLauncher, worker: { modulePath: bundle.worker }, log: () => undefined, size: 2 });
  const r = new JobRunner({ pool, appVersion: '9.9.9-test', writeManifest: true });
  closers.push(async () => {
    await r.dispose();
    await pool.close();
  });
  return r;
}

async function run(r: JobRunner, outputDir: string, cancelAfterStart = false): Promise<RunSummary> {
  const { runId } = await r.start({ root: corpus, searchSetFile: auditAll, searchSetTitle: 'audit-all', libraryDir: null, outputDir, workerCount: 2, perFileTimeoutSec: 120, writeJson: false });
  if (cancelAfterStart) await r.cancel(runId, 'discard');
  return r.whenDone(runId);
}

async function allRows(r: JobRunner, overview: ResultsOverview) {
  const out: Record<string, unknown> = {};
  for (const fam of overview.families) {
    for (const s of fam.searches) {
      out[`${fam.family}#${s.index}`] = await r.getRows(overview.runId, { family: fam.family, index: s.index, offset: 0, limit: 10_000 });
    }
  }
  return out;
}

describe('run manifest and reopening a run', () => {
  it('writes the manifest and results JSON; a new runner reopens the run with the same overview and rows', async () => {
    const out = join(corpus, 'results');
    const fresh = runner();
    const summary = await run(fresh, out);
    expect(summary.error).toBeNull();
    expect(summary.outcome).toBe('complete');
    expect(summary.manifestPath).toMatch(/kpat-manifest-\d{8}-\d{6}\.json$/);
    // The results JSON is written even though the run did not ask for it: reopening needs it.
    expect(summary.families.every((f) => f.jsonPath !== null)).toBe(true);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);

    const manifest = await readManifest(summary.manifestPath ?? '');
    expect(manifest).toMatchObject({ appVersion: '9.9.9-test', outcome: 'complete', runId: summary.runId, root: corpus, outputDir: out });
    expect(manifest.counts).toMatchObject({ inputs: 6, systems: 6, skipped: 0, failed: 0, excluded: 0 });
    expect(manifest.searchSet.sha384).toMatch(/^[0-9a-f]{96}$/);
    expect(manifest.searchSet.files[0]?.path).toBe(auditAll);
    for (const input of manifest.inputs) {
      expect(input.sha384).toBe(createHash('sha384').update(readFileSync(join(corpus, input.relPath))).digest('hex'));
    }

    const freshOverview = await fresh.getOverview(summary.runId);
    const freshRows = await allRows(fresh, freshOverview);
    // Each search names the area (YAML file) it comes from; the reference files have no
    // `# <area>:` first line, so their file names.
    const linuxAreas = new Set(freshOverview.families.find((f) => f.family === 'Linux')?.searches.map((s) => s.area));
    expect([...linuxAreas].sort()).toEqual(['audit-linux-logging', 'audit-linux-network', 'audit-linux-sec-tools', 'audit-linux-services', 'audit-linux-ssh', 'audit-linux-system', 'audit-linux-users', 'audit-linux-worldfiles']);

    const later = runner();
    const reopened = await later.reopen(out);
    expect(reopened.runId).toBe(summary.runId);
    expect(reopened.families).toEqual(freshOverview.families);
    expect(reopened.summary).toEqual({ ...summary, elapsedMs: expect.any(Number) });
    expect(await allRows(later, reopened)).toEqual(freshRows);
    // By the manifest, or by one of its results JSON files, the same run.
    expect((await later.reopen(summary.manifestPath ?? '')).runId).toBe(summary.runId);
    expect((await later.reopen(summary.families[0]?.jsonPath ?? '')).runId).toBe(summary.runId);
  });

  it('a run cancelled and discarded leaves no manifest; the folder still opens the completed run', async () => {
    const out = join(corpus, 'results');
    const before = readdirSync(out).sort();
    const r = runner();
    const cancelled = await run(r, out, true);
    expect(cancelled.outcome).toBe('cancelled');
    expect(cancelled.manifestPath).toBeNull();
    expect(readdirSync(out).sort()).toEqual(before);
    const reopened = await r.reopen(out);
    expect(reopened.summary.outcome).toBe('complete');
  });
});
