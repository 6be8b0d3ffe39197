// The two sheets in front of the results: Summary (SPEC §5.4 plus the run's facts) and
// Systems Summary (SPEC §5.5 plus host name and SHA-384). Both are small, written as exceljs
// would write them (sheet-rows.ts).

import { systemColumnsFor, type OsFamily, type SystemRow } from '../engine/types';
import { longestLine } from './cells';
import { addXmlSheet, CHECKS_TITLE, FINDINGS_TITLE, sheetLink, SUMMARY_TITLE, SYSTEMS_TITLE, type CellValue, type ExportContext } from './context';
import type { RawSheet } from './exceljs-internals';
import { columnLetter, columnWidth, dataRowHeight, wrappedLines } from './layout';
import { SheetRows } from './sheet-rows';
import { sheetOpenXml } from './sheet-xml';
import type { StyleName } from './styles';
import type { SearchOutcome } from './result-sheet';
import type { RunFacts } from './types';

/** A row of a sheet; `height` in points where its wrapped text needs more than one line. */
export type Line = { values: CellValue[]; style?: StyleName; styles?: StyleName[]; height?: number };

/** Both sheets freeze their title and header rows. */
const FIRST_DATA_ROW = 3;

/**
 * Writes the whole sheet: `lines` from row 1 down, columns sized from their content (capped at
 * `maxWidth`), then the filter over its table.
 */
export function writeLines(ctx: ExportContext, sheet: RawSheet, lines: Line[], maxWidth: number[], autoFilter: string): void {
  const longest: number[] = [];
  for (const line of lines) {
    if (line.style === 'title' || line.style === 'section') continue;
    line.values.forEach((v, c) => {
      if (v === null || v === undefined) return;
      const text = typeof v === 'object' ? v.text : typeof v === 'boolean' ? 'FALSE' : v;
      longest[c] = Math.max(longest[c] ?? 0, longestLine(text));
    });
  }
  // The header line gives every column a width, so the array has no holes.
  const widths = longest.map((l, c) => Math.min(columnWidth(l), maxWidth[c] ?? 50));
  const rows = new SheetRows(ctx, sheet);
  lines.forEach((line, i) => {
    rows.begin(i + 1);
    let wrapped = 0;
    line.values.forEach((v, c) => {
      const style = line.styles?.[c] ?? line.style ?? 'plain';
      rows.put(c + 1, v, style);
      if (style === 'data' && typeof v === 'string' && v !== '') wrapped = Math.max(wrapped, wrappedLines(v, widths[c] ?? 10));
    });
    // A row with wrapping cells gets the height of its text (unless its line gives one), as result
    // rows do: LibreOffice keeps an unset height at one line and prints the wrapped lines over the next rows.
    rows.end(line.height ?? (wrapped > 1 ? dataRowHeight(wrapped) : undefined));
  });
  rows.end();
  sheet.repeatRows(FIRST_DATA_ROW - 1);
  sheet.write(sheetOpenXml({ firstDataRow: FIRST_DATA_ROW, widths }) + rows.xml + rows.closeXml(autoFilter));
  sheet.end();
}

export const HEADER_STYLES = (n: number): StyleName[] => Array.from({ length: n }, () => 'header');

/** Below the systems: the run's files that are not among them, with why (failed first). */
export function writeSystemsSummary(ctx: ExportContext, family: OsFamily, systems: SystemRow[], facts: Pick<RunFacts, 'failedFiles' | 'skipped'>): void {
  const sheet = addXmlSheet(ctx, SYSTEMS_TITLE);
  const count = systems.length;
  const columns = systemColumnsFor(family);
  const lines: Line[] = [
    { values: [`Systems Summary (${count} systems discovered)`], style: 'title' },
    { values: [...columns], styles: HEADER_STYLES(columns.length) },
    ...systems.map((s) => ({ values: columns.map((c) => s[c] ?? '') })),
  ];
  const notSearched = [
    ...facts.failedFiles.map((f) => ({ ...f, status: f.partial ? 'partial' : 'failed' })),
    ...facts.skipped.map((f) => ({ relPath: f.relPath, reason: f.reason, status: 'skipped' })),
  ];
  if (notSearched.length > 0) {
    // A partial file is a system of the table above, searched without the search named.
    const title = facts.failedFiles.some((f) => f.partial) ? 'Files not searched, or searched in part' : 'Files not searched';
    lines.push({ values: [] }, { values: [`${title} (${notSearched.length})`], style: 'section' });
    lines.push({ values: ['File', 'Status', 'Reason'], styles: HEADER_STYLES(3) });
    for (const f of notSearched) lines.push({ values: [f.relPath, f.status, f.reason] });
  }
  writeLines(ctx, sheet, lines, [], `A2:${columnLetter(columns.length)}${count + 2}`);
}

export interface SummaryTotals {
  rows: number;
  truncatedCells: number;
  truncatedBySheet: ReadonlyMap<string, number>;
  systems: number;
  /** The Checks and Findings sheets, when written. */
  assessment: { checks: number; counts: { pass: number; fail: number; review: number; 'n/a': number }; findings: number } | null;
}

const SUMMARY_HEADER = ['Search Name', 'Sheet Name', 'Total Results', 'Unique Systems', 'Has Extracted Fields'];

export function writeSummary(ctx: ExportContext, outcomes: SearchOutcome[], facts: RunFacts, totals: SummaryTotals): RawSheet {
  const sheet = addXmlSheet(ctx, SUMMARY_TITLE);
  const lines: Line[] = [
    { values: ['Search Results Summary'], style: 'title' },
    { values: SUMMARY_HEADER, styles: HEADER_STYLES(SUMMARY_HEADER.length) },
    ...outcomes.map((o) => ({
      values: [o.search, { text: o.sheet, hyperlink: sheetLink(o.sheet) }, o.rows, o.systems, o.hasFields],
      styles: ['plain', 'link', 'plain', 'plain', 'plain'] satisfies StyleName[],
    })),
  ];
  const tableEnd = lines.length;
  const fact = (label: string, value: CellValue): Line => ({ values: [label, value], styles: ['label', 'value'] });
  const failed = facts.failedFiles.filter((f) => !f.partial);
  const partlySearched = facts.failedFiles.filter((f) => f.partial);
  lines.push(
    { values: [] },
    { values: ['Run'], style: 'section' },
    fact('Outcome', facts.outcome),
    fact('Started', facts.startedAt),
    fact('Search set', facts.searchSetTitle),
    fact('Input folder', facts.inputFolder),
    fact('Systems', totals.systems),
    fact('Result rows', totals.rows),
    fact(`Cells cut to ${ctx.limits.maxCellChars} characters`, totals.truncatedCells),
    fact('Skipped files', facts.skipped.length),
    fact('Failed files', failed.length),
    ...(partlySearched.length > 0 ? [fact('Partly searched files', partlySearched.length)] : []),
    fact('Application version', facts.appVersion),
  );
  const a = totals.assessment;
  if (a) {
    const c = a.counts;
    lines.push(
      { values: [] },
      { values: ['Checks and findings'], style: 'section' },
      {
        values: ['Checks', { text: CHECKS_TITLE, hyperlink: sheetLink(CHECKS_TITLE) }, `${a.checks} checks: ${c.pass} pass, ${c.fail} fail, ${c.review} review, ${c['n/a']} n/a`],
        styles: ['label', 'link', 'value'],
      },
      { values: ['Findings', { text: FINDINGS_TITLE, hyperlink: sheetLink(FINDINGS_TITLE) }, `${a.findings} (marks and failed checks)`], styles: ['label', 'link', 'value'] },
    );
  }
  const continuations = outcomes.flatMap((o) => o.continuations.map((c) => ({ ...c, base: o.sheet, total: o.rows })));
  if (continuations.length > 0) {
    lines.push({ values: [] }, { values: ['Continuation sheets'], style: 'section' });
    lines.push({ values: ['Sheet', 'Continues', 'Rows'], styles: HEADER_STYLES(3) });
    for (const c of continuations) {
      lines.push({
        values: [{ text: c.title, hyperlink: sheetLink(c.title) }, c.base, `${c.firstRow}–${c.lastRow} of ${c.total}`],
        styles: ['link', 'plain', 'plain'],
      });
    }
  }
  if (totals.truncatedBySheet.size > 0) {
    lines.push({ values: [] }, { values: ['Cut cells'], style: 'section' });
    lines.push({ values: ['Sheet', 'Cells cut'], styles: HEADER_STYLES(2) });
    for (const [sheet, n] of totals.truncatedBySheet) lines.push({ values: [sheet, n] });
  }
  const fileList = (title: string, files: { relPath: string; reason: string }[]): void => {
    if (files.length === 0) return;
    lines.push({ values: [] }, { values: [title], style: 'section' });
    lines.push({ values: ['File', 'Reason'], styles: HEADER_STYLES(2) });
    for (const f of files) lines.push({ values: [f.relPath, f.reason] });
  };
  fileList('Failed files', failed);
  fileList('Partly searched files', partlySearched);
  fileList('Skipped files', facts.skipped);
  if (facts.familiesWithoutWorkbook.length > 0) {
    lines.push({ values: [] }, { values: ['Families without a workbook'], style: 'section' });
    lines.push({ values: ['Family', 'Reason'], styles: HEADER_STYLES(2) });
    for (const f of facts.familiesWithoutWorkbook) lines.push({ values: [f.family, f.reason] });
  }
  writeLines(ctx, sheet, lines, [60, 60, 30, 16, 22], `A2:E${tableEnd}`);
  return sheet;
}
