// Step 1: the run's folders and its input files. Leftovers of killed runs are swept first (temp
// and staging folders of ended processes); the output folder is proved writable before any work;
// each file's family is guessed from its first bytes (scheduling, and the family of a file that
// later fails). Files the user excluded on the Review screen are set aside (the run manifest lists
// them). A retry takes its prior run's folder and files instead.
import { discoverFiles, noFilesMessage } from '../../../../src-worker/engine/discover';
import { sniffFamilies } from '../../../../src-worker/engine/sniff';
import { assertWritableDir } from '../../../../src-worker/export/atomic';
import { readMarks } from '../findings-store';
import type { RunContext } from '../run-context';
import { makeRunFolder, sweepRunFolders, sweepStagingFolders } from '../run-folders';

/** Runs while the search set loads (loading is mostly synchronous; these reads proceed in the I/O threads). */
export interface Discovered {
  families: Promise<RunContext['families']>;
}

export async function discover(ctx: RunContext): Promise<Discovered> {
  ctx.report.phase('discovering');
  // Fail before the work, not after it, when the output folder cannot be written.
  await assertWritableDir(ctx.opts.outputDir);
  await sweepStagingFolders(ctx.opts.outputDir);
  // Marks of earlier runs into this output folder carry over to this run's Checks and Findings sheets.
  ctx.marks = await readMarks(ctx.opts.outputDir).catch((err: unknown) => {
    ctx.report.warn(`${err instanceof Error ? err.message : String(err)}; this run's workbooks show no marks`, null);
    return [];
  });
  if (ctx.prior) {
    ctx.tempDir = ctx.prior.tempDir;
    ctx.files = ctx.prior.files;
    ctx.excluded = ctx.prior.excluded;
    return { families: Promise.resolve(ctx.prior.families) };
  }
  // Leftovers of runs whose process was killed; ours is made after the sweep.
  await sweepRunFolders(ctx.env.tempRoot);
  ctx.tempDir = await makeRunFolder(ctx.env.tempRoot);
  const discovery = await discoverFiles(ctx.opts.root, ctx.env.filespec, { exclude: [ctx.opts.outputDir] });
  const exclude = new Set(ctx.opts.exclude ?? []);
  ctx.files = discovery.files.filter((f) => !exclude.has(f.relPath));
  ctx.excluded = discovery.files.filter((f) => exclude.has(f.relPath));
  if (ctx.files.length === 0 && ctx.excluded.length > 0) {
    const what = ctx.excluded.length === 1 ? `The only file found in ${ctx.opts.root} was` : `All ${ctx.excluded.length} files found in ${ctx.opts.root} were`;
    throw new Error(`${what} excluded on the Review screen: include at least one system to run`);
  }
  // What matched but cannot be opened (FIFOs, dangling links, over-long paths, unreadable folders).
  for (const d of discovery.dropped) {
    ctx.skipped.push(d);
    ctx.report.warn(`Skipped ${d.relPath}: ${d.reason}`, d.relPath);
  }
  if (ctx.files.length === 0) throw new Error(noFilesMessage(discovery, ctx.opts.root, ctx.env.filespec));
  const families = sniffFamilies(ctx.files);
  families.catch(() => undefined);
  return { families };
}
