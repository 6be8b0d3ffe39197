// One OS family's workbook: Summary, Systems Summary, then the searches' sheets, streamed to a
// hidden temporary file in the output folder and renamed into place only when complete.

import { createWriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assertWritableDir, commitPartial, discardPartial, partialPath } from './atomic';
import { CellText } from './cells';
import { CHECKS_TITLE, FINDINGS_TITLE, SUMMARY_TITLE, SYSTEMS_TITLE, type ExportContext } from './context';
import { abortZip, createWorkbookWriter, listSheetFirst, onZipError, styleId, ValueType, type WorkbookWriter } from './exceljs-internals';
import { CHANGES_TITLE, writeChangesSheet } from './changes-sheet';
import { compareSheetTitle, writeCompareSheet } from './compare-sheet';
import { freeTitle, MAX_SHEET_TITLE, workbookFileName } from './layout';
import { MIN_ROWS_PER_SHEET, writeSearch, type SearchOutcome } from './result-sheet';
import { STYLES, type StyleName } from './styles';
import { writeSummary, writeSystemsSummary } from './summary-sheets';
import { countOutcomes, writeChecksSheet, writeFindingsSheet } from './check-sheets';
import { EXCEL_LIMITS, type ExportLimits, type ExportOptions, type ExportResult, type WorkbookInput } from './types';

const MIN_CELL_CHARS = 64;
/**
 * Deflate level. Compression is most of an export's CPU time: on 200k synthetic rows level 3
 * took ~35% less CPU than zlib's default 6 for a ~15% larger file (bench/excel.ts).
 */
const ZIP_LEVEL = 3;

export function resolveLimits(given: Partial<ExportLimits> | undefined): ExportLimits {
  const limits = { ...EXCEL_LIMITS, ...given };
  const { maxRowsPerSheet: rows, maxCellChars: chars } = limits;
  if (!Number.isInteger(rows) || rows < MIN_ROWS_PER_SHEET || rows > EXCEL_LIMITS.maxRowsPerSheet) {
    throw new RangeError(`maxRowsPerSheet must be an integer from ${MIN_ROWS_PER_SHEET} to ${EXCEL_LIMITS.maxRowsPerSheet}, got ${rows}`);
  }
  if (!Number.isInteger(chars) || chars < MIN_CELL_CHARS || chars > EXCEL_LIMITS.maxCellChars) {
    throw new RangeError(`maxCellChars must be an integer from ${MIN_CELL_CHARS} to ${EXCEL_LIMITS.maxCellChars}, got ${chars}`);
  }
  return limits;
}

const BAD_TITLE_CHARS = /[\\/*?:[\]]/;

/** Sheet titles must already be valid and unique (engine's job); a clash would corrupt the workbook. */
function checkTitles(input: WorkbookInput): Set<string> {
  const taken = new Set([SUMMARY_TITLE, SYSTEMS_TITLE, CHECKS_TITLE, FINDINGS_TITLE].map((t) => t.toLowerCase()));
  for (const s of input.searches) {
    const where = `search "${s.search}"`;
    if (s.sheet.length === 0 || s.sheet.length > MAX_SHEET_TITLE) {
      throw new Error(`Sheet title "${s.sheet}" of ${where} must have 1 to ${MAX_SHEET_TITLE} characters`);
    }
    if (BAD_TITLE_CHARS.test(s.sheet) || s.sheet.startsWith("'") || s.sheet.endsWith("'")) {
      throw new Error(`Sheet title "${s.sheet}" of ${where} contains a character Excel does not allow`);
    }
    const key = s.sheet.toLowerCase();
    if (taken.has(key)) throw new Error(`Sheet title "${s.sheet}" of ${where} is used twice in the ${input.family} workbook`);
    taken.add(key);
  }
  return taken;
}

function styleIds(wb: WorkbookWriter): Record<StyleName, number> {
  const ids = {} as Record<StyleName, number>;
  for (const name of Object.keys(STYLES) as StyleName[]) ids[name] = styleId(wb, STYLES[name], ValueType.String);
  return ids;
}

/**
 * Writes `<outDir>/<Family>_search_results-<YYYYMMDD-HHMMSS>.xlsx`. Nothing is left behind when
 * it fails or `signal` aborts: the workbook exists complete or not at all.
 */
export async function exportWorkbook(input: WorkbookInput, outDir: string, opts: ExportOptions): Promise<ExportResult> {
  const takenTitles = checkTitles(input);
  // The Changes sheet takes a title no search sheet has.
  const changesTitle = input.changes ? freeTitle(CHANGES_TITLE, takenTitles) : null;
  const compares = (input.compares ?? []).map((c) => ({ title: compareSheetTitle(c.sheet, takenTitles), input: c }));
  const finalPath = join(resolve(outDir), workbookFileName(input.family, opts.timestamp));
  return writeWorkbookFile(finalPath, opts, takenTitles, async (ctx) => {
    writeSystemsSummary(ctx, input.family, input.systems, input.facts);
    if (input.assessment) {
      writeChecksSheet(ctx, input.systems, input.assessment.checks, input.assessment.overrides);
      writeFindingsSheet(ctx, input.assessment.findings);
    }
    if (input.changes && changesTitle) writeChangesSheet(ctx, changesTitle, [input.changes]);
    for (const c of compares) writeCompareSheet(ctx, c.title, c.input);
    const outcomes: SearchOutcome[] = [];
    for (const source of input.searches) {
      opts.signal?.throwIfAborted();
      const failure = ctx.failure();
      if (failure) throw failure;
      outcomes.push(await writeSearch(ctx, source));
    }
    const rows = outcomes.reduce((n, o) => n + o.rows, 0);
    opts.onProgress?.({ step: 'finishing', sheet: null, rowsWritten: rows });
    const summary = writeSummary(ctx, outcomes, input.facts, {
      rows,
      truncatedCells: ctx.text.truncated,
      truncatedBySheet: ctx.text.truncatedBySheet,
      systems: input.systems.length,
      assessment: input.assessment ? { checks: input.assessment.checks.length, counts: countOutcomes(input.assessment.checks), findings: input.assessment.findings.length } : null,
    });
    listSheetFirst(ctx.wb, summary);
    return { rows, continuationSheets: outcomes.reduce((n, o) => n + o.continuations.length, 0) };
  });
}

/**
 * The file pipeline of every workbook this app writes: a hidden temporary file in the output
 * folder, the sheets `body` writes, then the rename into place; on failure or abort nothing stays.
 */
export async function writeWorkbookFile(
  finalPath: string,
  opts: Pick<ExportOptions, 'limits' | 'signal' | 'onProgress'>,
  takenTitles: Set<string>,
  body: (ctx: ExportContext) => Promise<{ rows: number; continuationSheets: number }>,
): Promise<ExportResult> {
  const limits = resolveLimits(opts.limits);
  opts.signal?.throwIfAborted();
  await assertWritableDir(dirname(finalPath));
  const temp = partialPath(finalPath);

  const out = createWriteStream(temp);
  let failure: Error | null = null;
  let failWith: (err: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    failWith = (err) => {
      failure ??= err;
      reject(failure);
    };
  });
  failed.catch(() => undefined);
  out.on('error', (err) => failWith(err));
  const closed = new Promise<void>((done) => out.once('close', () => done()));
  const opened = new Promise<void>((done) => out.once('open', () => done()));

  const wb = createWorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true, zip: { zlib: { level: ZIP_LEVEL } } });
  try {
    onZipError(wb, (err) => failWith(err));
    // Open errors surface before any work, and the temporary file exists from here on.
    await Promise.race([opened, failed]);
    const ctx: ExportContext = {
      wb,
      text: new CellText(limits.maxCellChars),
      limits,
      signal: opts.signal,
      takenTitles,
      styleIds: styleIds(wb),
      failure: () => failure,
      sheetCount: 0,
      rowsWritten: 0,
      onRows: (sheet) => opts.onProgress?.({ step: 'sheets', sheet, rowsWritten: ctx.rowsWritten }),
    };
    const written = await Promise.race([body(ctx), failed]);
    opts.signal?.throwIfAborted();
    const committed = wb.commit();
    committed.catch(() => undefined);
    await Promise.race([committed, failed]);
    await Promise.race([closed, failed]);
    opts.signal?.throwIfAborted();
    await commitPartial(temp, finalPath);
    return { path: finalPath, sheets: ctx.sheetCount, rows: written.rows, truncatedCells: ctx.text.truncated, continuationSheets: written.continuationSheets };
  } catch (err) {
    abortZip(wb);
    out.destroy();
    await closed;
    await discardPartial(temp);
    throw err;
  }
}
