// The printable report of a finished run (export/report-html.ts renders it): its systems and check
// outcomes as the run found them, with the marks of the output folder's findings file as they are
// now (so a report made after marking carries the marks). One report for the whole run.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findingLines, type Mark } from '../../../src-worker/engine/marks';
import type { CheckOutcome } from '../../../src-worker/engine/types';
import { commitPartial, discardPartial, partialPath } from '../../../src-worker/export/atomic';
import { fileTimestamp } from '../../../src-worker/export/layout';
import { renderReport, type ReportData, type ReportFamily } from '../../../src-worker/export/report-html';
import { runEvidence, type ReportSource } from './run-findings';

export type { ReportSource };

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

export async function reportData(src: ReportSource, marks: readonly Mark[], now = new Date()): Promise<ReportData> {
  const families: ReportFamily[] = [];
  const run = await runEvidence(src, marks);
  for (const { family, systems, checks } of src.families) {
    const names = new Set(systems.map((s) => s.systemName));
    const overrides = new Map<string, CheckOutcome>();
    for (const m of marks) {
      if (m.target.kind === 'check' && m.override && names.has(m.target.system)) overrides.set(`${m.target.system}\u0000${m.target.search}\u0000${m.target.check}`, m.override.outcome);
    }
    families.push({ family, systems, checks, overrides, findings: findingLines(names, checks, marks, run) });
  }
  return {
    title: `Assessment report: ${src.inputFolder}`,
    appVersion: src.appVersion,
    searchSet: { title: src.setTitle, hash: src.setHash },
    inputFolder: src.inputFolder,
    startedAt: src.startedAt,
    elapsedMs: src.elapsedMs,
    outcome: src.outcome,
    generatedAt: now.toISOString(),
    families,
  };
}

/** The report's HTML with these marks. */
export async function reportHtml(src: ReportSource, marks: readonly Mark[], now = new Date()): Promise<string> {
  return renderReport(await reportData(src, marks, now));
}

/** Writes `<output folder>/kpat_report-<YYYYMMDD-HHMMSS>.html` (atomically) and returns its path. */
export async function writeReport(src: ReportSource, marks: readonly Mark[], now = new Date()): Promise<string> {
  const target = join(src.outputDir, `kpat_report-${fileTimestamp(new Date(src.startedAt))}.html`);
  const temp = partialPath(target);
  try {
    await writeFile(temp, await reportHtml(src, marks, now));
    await commitPartial(temp, target);
  } catch (err) {
    await discardPartial(temp);
    throw err;
  }
  return target;
}
