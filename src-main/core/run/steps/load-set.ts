// Step 2: the search set, loaded and validated; each problem is an error event naming its file,
// line and search, and the run stops. A retry uses its prior run's searches unchanged, so that
// its results are those of the run it completes.
import { basename } from 'node:path';
import { ConfigLoadError, formatProblem, loadSearchSet } from '../../../../src-worker/engine/config/load';
import { searchSetKey } from '../../../../src-worker/worker/set-key';
import { searchSetSha256 } from '../report';
import { SearchSetInvalid, type RunContext, type RunSearchSet } from '../run-context';

export async function loadSet(ctx: RunContext): Promise<RunSearchSet> {
  ctx.report.phase('loading-config');
  if (ctx.prior) return ctx.prior.set;
  const { opts } = ctx;
  try {
    const set = await loadSearchSet(opts.searchSetFile, opts.libraryDir ? { libraryDir: opts.libraryDir } : {});
    for (const w of set.warnings) ctx.report.warn(w, set.rootFile);
    // A Compare sheet asked for a search the set does not have would silently be missing.
    const names = new Set(set.searches.map((s) => s.name));
    const unknown = (opts.compareSheets ?? []).filter((n) => !names.has(n));
    if (unknown.length) {
      const message = `Compare sheet: the search set ${set.rootFile} has no search ${unknown.map((n) => `"${n}"`).join(', ')}`;
      ctx.report.error(message, set.rootFile);
      throw new SearchSetInvalid(message);
    }
    return {
      source: { kind: 'specs', key: searchSetKey(set.searches), searches: set.searches },
      title: opts.searchSetTitle || basename(set.rootFile),
      sha256: await searchSetSha256(set.files),
      files: set.files,
    };
  } catch (err) {
    if (!(err instanceof ConfigLoadError)) throw err;
    for (const p of err.problems) ctx.report.error(formatProblem(p), p.file, p.search);
    throw new SearchSetInvalid(`The search set has ${err.problems.length} problem(s):\n${err.message}`);
  }
}
