// Step 4: the families' workbooks, in parallel, written into the run's staging folder. Which
// families get one is planned first (workbook-plan.ts): a family with no searched system, or to
// which no search applies, gets none and the run says why. Each export runs on the worker that
// holds most of its rows (export-placement.ts) and is retried once elsewhere; a family whose
// export still fails is named and the others go on (the run is then partial). After a graceful
// cancel the families of the files searched so far are exported, labelled "cancelled".
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { OsFamily } from '../../../../src-worker/engine/types';
import type { ExportFamilyRequest, ExportFamilyResult } from '../../../../src-worker/worker/api';
import type { RunFacts } from '../../../../src-worker/export/types';
import { taskDeadlineMs } from '../../pool/deadlines';
import type { WorkerHandle } from '../../pool/worker-pool';
import { placeExports, type FamilyRows } from '../export-placement';
import { gatherRows } from '../gather-rows';
import { RunCancelled, type RunContext, type RunSearchSet, type SearchedFile } from '../run-context';
import { planWorkbooks, runLabel } from '../workbook-plan';
import { baselineForFamily } from '../run-views';

/** One family's export: its searched files (in path order) and the worker to try first. */
export interface FamilyExportJob {
  family: OsFamily;
  searched: readonly SearchedFile[];
  /** Pool slot chosen by placeExports; a retry goes to any worker. */
  slot: number | undefined;
  /** Rows searched again for this export go to their spill files (the run may be retried). */
  rowsToDisk: boolean;
}

export async function exportFamilies(ctx: RunContext, set: RunSearchSet): Promise<void> {
  const { report, env } = ctx;
  const plan = planWorkbooks(
    ctx.searched.map((o) => o.system),
    ctx.failedFiles,
    ctx.families,
    set.source.searches,
  );
  ctx.familiesWithoutWorkbook = [...plan.without];
  for (const f of plan.without) report.warn(`No ${f.family} workbook: ${f.reason}`, null);
  const byFamily = new Map(plan.workbooks.map((family) => [family, ctx.searched.filter((o) => o.system.osFamily === family)]));
  report.exportsStarted(plan.workbooks.map((family) => ({ family, rowsTotal: rowsFound(byFamily.get(family) ?? []) })));
  report.phase('exporting');
  if (plan.workbooks.length === 0) return;

  // A run with failed files can be retried: its rows must outlive the workers' memory.
  const retryable = env.keepResults && ctx.failedFiles.length > 0;
  if (retryable) await flushAllHeld(ctx);
  await mkdir(ctx.stagingDir, { recursive: true });
  // Every workbook's Summary (and JSON) states the run's outcome, and a family whose export fails
  // changes it (partial, that family named): the workbooks already written are then written again
  // with the final facts. Rare (a full disk, a worker dying twice): the rows on disk are read
  // again, those a worker held for the first writing are searched again.
  const written = new Map<OsFamily, ExportFamilyResult>();
  let pending = plan.workbooks;
  while (pending.length > 0) {
    const results = await exportRound(ctx, set, pending, byFamily, retryable);
    pending.forEach((family, i) => {
      const outcome = results[i] as ExportFamilyResult | Error;
      if (!(outcome instanceof Error)) return void written.set(family, outcome);
      written.delete(family);
      // The worker wrote into the staging folder, a hidden folder inside the output folder: the
      // user knows (and frees room in) the output folder.
      const message = outcome.message.replaceAll(ctx.stagingDir, resolve(ctx.opts.outputDir));
      ctx.familiesFailed++;
      ctx.familiesWithoutWorkbook.push({ family, reason: `its export failed: ${message}`, exportFailed: true });
      report.error(`The ${family} workbook could not be written: ${message}`);
    });
    if (!results.some((r) => r instanceof Error)) break;
    pending = plan.workbooks.filter((family) => written.has(family));
    if (pending.length > 0) {
      // Work redone, nothing lost: news with -v in the CLI, like a retry.
      report.warn(`Writing the ${pending.join(' and ')} workbook${pending.length === 1 ? '' : 's'} again, so that ${pending.length === 1 ? 'its' : 'their'} Summary states the run as it ended (${runFacts(ctx, set).outcome})`, null, 'retry');
    }
  }
  ctx.staged = plan.workbooks.flatMap((family) => written.get(family) ?? []);
}

/** One export of each of these families in parallel, with the run's facts as they are now; a failure comes back as its error. */
async function exportRound(
  ctx: RunContext,
  set: RunSearchSet,
  families: readonly OsFamily[],
  byFamily: ReadonlyMap<OsFamily, readonly SearchedFile[]>,
  rowsToDisk: boolean,
): Promise<(ExportFamilyResult | Error)[]> {
  const { report, env } = ctx;
  // Each on the worker that holds most of its rows (they move to the worker that exported them).
  const rows = families.map((family) => ({ family, ...rowsHeld(byFamily.get(family) ?? [], (h) => env.pool.isAlive(h)) }));
  const placed = placeExports(rows, env.pool.slotIds());
  const facts = runFacts(ctx, set);
  const settled = await Promise.allSettled(
    families.map(async (family) => {
      try {
        const result = await exportFamily(ctx, set, facts, { family, searched: byFamily.get(family) ?? [], slot: placed.get(family), rowsToDisk });
        report.exportProgress(family, { step: 'done', rowsWritten: result.rows, rowsTotal: result.rows });
        return result;
      } catch (err) {
        report.exportProgress(family, { step: 'failed' });
        throw err;
      }
    }),
  );
  if (ctx.stop.everything.aborted) throw new RunCancelled();
  return settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason instanceof Error ? s.reason : new Error(String(s.reason))));
}

/** What every Summary sheet (and JSON) of this run states about it. */
export function runFacts(ctx: RunContext, set: RunSearchSet): RunFacts {
  return {
    startedAt: (ctx.prior?.startedAt ?? ctx.startedAt).toISOString(),
    searchSetTitle: set.title,
    inputFolder: ctx.opts.root,
    appVersion: ctx.env.appVersion,
    outcome: runLabel({
      cancelled: ctx.stop.cancelled,
      filesSearched: ctx.searched.length,
      filesTotal: ctx.files.length,
      filesFailed: ctx.failedFiles.filter((f) => !f.partial).length,
      filesPartial: ctx.failedFiles.filter((f) => f.partial).length,
      exportsFailed: ctx.familiesWithoutWorkbook.filter((f) => f.exportFailed).map((f) => f.family),
    }),
    skipped: ctx.skipped,
    failedFiles: ctx.failedFiles.map(({ relPath, reason, partial }) => ({ relPath, reason, ...(partial ? { partial } : {}) })),
    familiesWithoutWorkbook: ctx.familiesWithoutWorkbook.map(({ family, reason }) => ({ family, reason })),
  };
}

/** One family's export on the pool (on `job.slot` first); retried once. */
export async function exportFamily(ctx: RunContext, set: RunSearchSet, facts: RunFacts, job: FamilyExportJob): Promise<ExportFamilyResult> {
  const { env, report } = ctx;
  const fileParts = job.searched.map((o) => ({ file: o.file, parts: o.parts }));
  const request: ExportFamilyRequest = {
    family: job.family,
    setKey: set.source.key,
    systems: job.searched.map((o) => o.system),
    spills: fileParts.map((f) => f.parts.map((part) => part.path)),
    checks: job.searched.map((o) => o.checks),
    marks: ctx.marks,
    outDir: ctx.stagingDir,
    // A retry's files are named as its run's: it rewrites them.
    timestamp: (ctx.prior?.startedAt ?? ctx.startedAt).toISOString(),
    // A manifest without the results JSON beside it could not be reopened.
    writeJson: ctx.opts.writeJson || ctx.env.writeManifest,
    storeDir: join(ctx.tempDir, 'store', ctx.runId),
    keepTables: env.keepResults,
    compareWith: await baselineForFamily(ctx.opts.compareWith ?? null, job.family),
    compareSheets: ctx.opts.compareSheets ?? [],
    facts,
  };
  const perFileMs = ctx.opts.perFileTimeoutSec * 1000;
  // Under a watchdog like every task (deadlines.ts): a worker that stops answering mid-export is
  // killed and the export retried once elsewhere.
  const timeoutMs = taskDeadlineMs(perFileMs, fileParts.reduce((n, f) => n + f.file.sizeBytes, 0));
  for (let attempt = 0; ; attempt++) {
    try {
      // First on the worker placeExports chose, and only there (a thief would have to fetch the rows
      // it holds); a retry goes to whichever worker is free.
      const prefer = attempt === 0 ? job.slot : undefined;
      return await env.pool.run(
        {
          label: `export ${job.family}`,
          timeoutMs,
          searchSet: set.source,
          signal: ctx.stop.everything,
          urgent: attempt > 0,
          ...(prefer === undefined ? {} : { prefer, strict: true }),
          onSide: (msg) => {
            if (msg.type !== 'export' || msg.family !== job.family) return;
            // The search's count stands until the worker has built the tables and counted the rows.
            report.exportProgress(job.family, { step: msg.step, sheet: msg.sheet, rowsWritten: msg.rowsWritten, ...(msg.rowsTotal > 0 ? { rowsTotal: msg.rowsTotal } : {}) });
          },
        },
        async (api, worker) => {
          report.exportProgress(job.family, { step: 'tables', worker: worker.slot, rowsWritten: 0 });
          const gathered = await gatherRows(env.pool, api, worker, fileParts, set.source.key, perFileMs, !job.rowsToDisk);
          if (gathered.searchedAgain.length) {
            report.warn(`Searched again for the ${job.family} export (the rows a worker held of them were gone): ${gathered.searchedAgain.join(', ')}`, null, 'retry');
          }
          const result = await api.exportFamily(request);
          // The worker let go of the rows it held for this export (worker/service.ts): if the
          // workbook must be written again, those files are searched again (gather-rows.ts).
          for (const f of fileParts) for (const part of f.parts) if (part.holder && part.holder.slot === worker.slot && part.holder.process === worker.process) part.released = true;
          return result;
        },
      );
    } catch (err) {
      if (attempt >= 1 || ctx.stop.everything.aborted) throw err;
      report.warn(`Retrying the ${job.family} export: ${err instanceof Error ? err.message : String(err)}`, null, 'retry');
    }
  }
}

/** Writes every row held in a worker's memory to its spill file (for a later retry of the run). */
async function flushAllHeld(ctx: RunContext): Promise<void> {
  const { pool } = ctx.env;
  const perFileMs = ctx.opts.perFileTimeoutSec * 1000;
  const byHolder = new Map<string, { holder: WorkerHandle; parts: { path: string; bytes: number; clear: () => void }[] }>();
  for (const o of ctx.searched) {
    for (const part of o.parts) {
      const holder = part.holder;
      if (!holder || part.released || !pool.isAlive(holder)) continue;
      const key = `${holder.slot}:${holder.process}`;
      const group = byHolder.get(key) ?? { holder, parts: [] };
      group.parts.push({ path: part.path, bytes: o.file.sizeBytes, clear: () => (part.holder = null) });
      byHolder.set(key, group);
    }
  }
  await Promise.all(
    [...byHolder.values()].map(async ({ holder, parts }) => {
      try {
        await pool.direct(holder, (api) => api.flushHeld(parts.map((x) => x.path)), {
          timeoutMs: taskDeadlineMs(perFileMs, parts.reduce((n, x) => n + x.bytes, 0)),
          label: `flush the rows of ${parts.length} file(s)`,
        });
        for (const x of parts) x.clear();
      } catch {
        // The holder died meanwhile: the export searches those files again (gather-rows.ts).
      }
    }),
  );
}

/** The rows the search found in these files. */
function rowsFound(outcomes: readonly SearchedFile[]): number {
  let rows = 0;
  for (const o of outcomes) for (const n of Object.values(o.rowCounts)) rows += n;
  return rows;
}

/** A family's result rows, and how many of them each live worker holds in memory. */
function rowsHeld(outcomes: readonly SearchedFile[], alive: (h: WorkerHandle) => boolean): Omit<FamilyRows, 'family'> {
  let rows = 0;
  const heldBySlot = new Map<number, number>();
  for (const o of outcomes) {
    const fileRows = Object.values(o.rowCounts).reduce((a, b) => a + b, 0);
    rows += fileRows;
    for (const part of o.parts) {
      if (part.holder && !part.released && alive(part.holder)) heldBySlot.set(part.holder.slot, (heldBySlot.get(part.holder.slot) ?? 0) + fileRows / o.parts.length);
    }
  }
  return { rows, heldBySlot };
}
