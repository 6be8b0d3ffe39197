// Step 3: every file searched on the pool (planned largest first, family by family; retried once
// when its worker dies or its watchdog fires; a search the watchdog stops twice is left out of its
// file, which is then partial), and the outcomes sorted into searched, skipped
// (not audit results) and failed files, by path. A retry searches only its prior run's failed
// files and merges the results with the prior run's. After a graceful cancel the files searched
// so far are kept; Cancel and discard and Force stop end the run here.
import { join } from 'node:path';
import type { DiscoveredFile } from '../../../../src-worker/engine/discover';
import { compareCodePoints } from '../../../../src-worker/engine/text';
import type { FailedFile } from '../../../contract/ipc';
import { planSearchTasks } from '../../pool/plan';
import { dispatchSearches, type FileSearchOutcome } from '../../pool/search-dispatch';
import { failedFileLine } from '../outcome';
import { RunCancelled, type RunContext, type RunSearchSet, type SearchedFile } from '../run-context';

export async function search(ctx: RunContext, set: RunSearchSet): Promise<void> {
  const prior = ctx.prior;
  const failedBefore = new Set(prior?.failedFiles.map((f) => f.relPath));
  const files = prior ? ctx.files.filter((f) => failedBefore.has(f.relPath)) : ctx.files;
  const outcomes = await searchFiles(ctx, set, files);
  if (ctx.stop.cancelled && ctx.stop.mode !== 'keep') throw new RunCancelled();

  // A partial file of the prior run (a search left out) is searched again whole: its old rows go.
  const searched: SearchedFile[] = (prior?.searched ?? []).filter((o) => !failedBefore.has(o.file.relPath));
  ctx.skipped = [...(prior?.skipped ?? [])];
  ctx.failedFiles = [];
  for (const o of outcomes) {
    if (o.kind === 'searched') {
      searched.push(o);
      if (o.stopped.length) {
        // Each search named once, with why it was left out.
        const left = o.stopped.map((s) => `search "${s.search}" left out: ${s.reason}`).join('; ');
        const failed: FailedFile = { relPath: o.file.relPath, reason: `${left}; the other searches' rows are kept`, search: o.stopped.map((s) => s.search).join(', '), partial: true };
        ctx.failedFiles.push(failed);
        ctx.report.error(failedFileLine(failed), failed.relPath, failed.search, 'file-failed');
      }
    } else if (o.kind === 'skipped') {
      ctx.skipped.push(o.skipped);
      ctx.report.warn(`Skipped ${o.skipped.relPath}: ${o.skipped.reason}`, o.skipped.relPath);
    } else {
      const failed: FailedFile = { relPath: o.file.relPath, reason: o.reason, search: o.search };
      ctx.failedFiles.push(failed);
      ctx.report.error(failedFileLine(failed), failed.relPath, failed.search, 'file-failed');
    }
  }
  // Completion order varies with the worker count; workbooks and summaries list files by path.
  const byPath = (a: { relPath: string }, b: { relPath: string }): number => compareCodePoints(a.relPath, b.relPath);
  ctx.searched = searched.sort((a, b) => byPath(a.file, b.file));
  ctx.skipped.sort(byPath);
  ctx.failedFiles.sort(byPath);
}

function searchFiles(ctx: RunContext, set: RunSearchSet, files: DiscoveredFile[]): Promise<FileSearchOutcome[]> {
  const { report, env } = ctx;
  report.searchStarted(files);
  const tasks = planSearchTasks(files, { workers: env.pool.size, searchIndexes: set.source.searches.map((s) => s.index), families: ctx.families });
  return dispatchSearches({
    pool: env.pool,
    tasks,
    searchSet: set.source,
    // Spill file names count from 0 in each dispatch: a retry's go to a folder of their own.
    spillDir: join(ctx.tempDir, ctx.prior ? `spill-${ctx.runId}` : 'spill'),
    hold: true,
    perFileTimeoutMs: ctx.opts.perFileTimeoutSec * 1000,
    signal: ctx.stop.searching,
    onFile: (o) => {
      const rows = o.kind === 'searched' ? Object.values(o.rowCounts).reduce((a, b) => a + b, 0) : 0;
      report.fileFinished(o.kind, o.file.sizeBytes, rows);
    },
    onRetry: (relPath, reason) => report.warn(`Retrying ${relPath}: ${reason}`, relPath, 'retry'),
  });
}
