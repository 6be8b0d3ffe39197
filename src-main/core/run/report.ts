// The printable report of a finished run (export/report-html.ts renders it): its systems and check
// outcomes as the run found them, with the marks of the output folder's findings file as they are
// now (so a report made after marking carries the marks). One report for the whole run.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { searchFamilies } from '../../../src-worker/engine/filters';
import { checkCells, findingLines, type Mark, type MarkTarget } from '../../../src-worker/engine/marks';
import { buildCheckTables } from '../../../src-worker/engine/results/build-family-results';
import { OS_FAMILIES, type CheckOutcome, type CheckResult, type OsFamily, type SearchSpec, type SystemInfo } from '../../../src-worker/engine/types';
import { commitPartial, discardPartial, partialPath } from '../../../src-worker/export/atomic';
import { fileTimestamp } from '../../../src-worker/export/layout';
import { renderReport, type ReportData, type ReportFamily } from '../../../src-worker/export/report-html';
import { compareCodePoints } from '../../../src-worker/engine/text';

/** SHA-256 of a search set: every file it read, in load order, each preceded by its length. */
export async function searchSetSha256(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    const bytes = await readFile(file);
    hash.update(`${bytes.length}\n`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** What a run keeps to make its report later. */
export interface ReportSource {
  appVersion: string;
  setTitle: string;
  setSha256: string;
  inputFolder: string;
  outputDir: string;
  startedAt: string;
  elapsedMs: number;
  outcome: string;
  searches: SearchSpec[];
  systems: { system: SystemInfo; checks: CheckResult[] }[];
  /** Whether a row with this text is among the run's results (row marks' evidence). */
  rowExists(target: Extract<MarkTarget, { kind: 'row' }>): boolean;
}

export function reportData(src: ReportSource, marks: readonly Mark[], now = new Date()): ReportData {
  const families: ReportFamily[] = [];
  for (const family of OS_FAMILIES as readonly OsFamily[]) {
    const own = src.systems.filter((s) => s.system.osFamily === family).sort((a, b) => compareCodePoints(a.system.relPath, b.system.relPath));
    if (own.length === 0) continue;
    const byPath = new Map(own.map((s) => [s.system.relPath, s.checks]));
    const routed = src.searches.filter((s) => searchFamilies(s).includes(family));
    const checks = buildCheckTables(
      own.map((s) => s.system),
      routed,
      (s) => byPath.get(s.relPath),
    );
    const names = new Set(own.map((s) => s.system.systemName));
    const overrides = new Map<string, CheckOutcome>();
    for (const m of marks) {
      if (m.target.kind === 'check' && m.override && names.has(m.target.system)) overrides.set(`${m.target.system}\u0000${m.target.search}\u0000${m.target.check}`, m.override.outcome);
    }
    families.push({
      family,
      systems: own.map((s) => s.system),
      checks,
      overrides,
      findings: findingLines(names, checks, marks, { checks: checkCells(checks), rowExists: src.rowExists }),
    });
  }
  return {
    title: `Assessment report: ${src.inputFolder}`,
    appVersion: src.appVersion,
    searchSet: { title: src.setTitle, sha256: src.setSha256 },
    inputFolder: src.inputFolder,
    startedAt: src.startedAt,
    elapsedMs: src.elapsedMs,
    outcome: src.outcome,
    generatedAt: now.toISOString(),
    families,
  };
}

/** The report's HTML with these marks. */
export function reportHtml(src: ReportSource, marks: readonly Mark[], now = new Date()): string {
  return renderReport(reportData(src, marks, now));
}

/** Writes `<output folder>/kpat_report-<YYYYMMDD-HHMMSS>.html` (atomically) and returns its path. */
export async function writeReport(src: ReportSource, marks: readonly Mark[], now = new Date()): Promise<string> {
  const target = join(src.outputDir, `kpat_report-${fileTimestamp(new Date(src.startedAt))}.html`);
  const temp = partialPath(target);
  try {
    await writeFile(temp, reportHtml(src, marks, now));
    await commitPartial(temp, target);
  } catch (err) {
    await discardPartial(temp);
    throw err;
  }
  return target;
}
