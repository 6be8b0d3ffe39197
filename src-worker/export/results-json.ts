// `--json`: the results in the expected-results format (../shared/reference/README.md), plus the
// fields of our own format (index, sheetName, options, checks) that comparisons ignore, so the
// file also reads back as FamilyResults. Streamed row by row (one row per line) and written atomically.

import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { FamilyResults } from '../engine/types';
import type { RunFacts } from './types';
import { assertWritableDir, commitPartial, discardPartial, partialPath } from './atomic';
import { resultsJsonFileName } from './layout';

async function put(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** What the JSON says about its run (as the workbook's Summary does); comparisons of results ignore it. */
export type JsonRunFacts = Pick<RunFacts, 'outcome' | 'failedFiles' | 'skipped' | 'familiesWithoutWorkbook'>;

async function writeBody(out: WriteStream, results: FamilyResults, run: JsonRunFacts | null): Promise<void> {
  const j = (v: unknown): string => JSON.stringify(v);
  await put(out, `{"family":${j(results.family)},\n`);
  if (run) {
    const { outcome, failedFiles, skipped, familiesWithoutWorkbook } = run;
    await put(out, `"run":${j({ outcome, failedFiles, skipped: skipped.map(({ relPath, reason }) => ({ relPath, reason })), familiesWithoutWorkbook })},\n`);
  }
  await put(out, `"systems":[`);
  for (const [i, system] of results.systems.entries()) await put(out, `${i ? ',' : ''}\n${j(system)}`);
  await put(out, '\n],\n"searches":[');
  for (const [i, s] of results.searches.entries()) {
    await put(out, `${i ? ',' : ''}\n{"search":${j(s.search)},"sheet":${j(s.sheet)},"comment":${j(s.comment)},"header":${j(s.header)},\n"rows":[`);
    for (let r = 0; r < s.rows.length; r += 1) await put(out, `${r ? ',' : ''}\n${j(s.rows[r])}`);
    await put(out, `],\n"index":${j(s.index)},"sheetName":${j(s.sheetName)},"options":${j(s.options)}}`);
  }
  // Our extension: the checks (`expect`) with each system's outcome and evidence; [] when none.
  await put(out, '\n],\n"checks":[');
  for (const [i, c] of results.checks.entries()) await put(out, `${i ? ',' : ''}\n${j(c)}`);
  await put(out, '\n]}\n');
}

/** Writes `<outDir>/<Family>_search_results-<YYYYMMDD-HHMMSS>.json` and returns its path. */
export async function writeResultsJson(results: FamilyResults, outDir: string, timestamp: Date, run: JsonRunFacts | null = null): Promise<string> {
  await assertWritableDir(outDir);
  const finalPath = join(resolve(outDir), resultsJsonFileName(results.family, timestamp));
  const temp = partialPath(finalPath);
  const out = createWriteStream(temp);
  const failed = once(out, 'error').then(([err]: unknown[]) => Promise.reject(err instanceof Error ? err : new Error(String(err))));
  failed.catch(() => undefined);
  try {
    await Promise.race([writeBody(out, results, run), failed]);
    out.end();
    await Promise.race([once(out, 'close'), failed]);
    await commitPartial(temp, finalPath);
    return finalPath;
  } catch (err) {
    out.destroy();
    await discardPartial(temp);
    throw err;
  }
}
