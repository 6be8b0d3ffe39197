// One search's sheet(s): comment, link back, header, rows, metadata block (SPEC §5.6), or the
// zero-result layout (SPEC §5.7). Rows stream through; a sheet that is full continues on
// `<title>(2)`, `<title>(3)`, …

import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Cell } from '../engine/types';
import { longestLine, measureLines } from './cells';
import { addXmlSheet, sheetLink, SUMMARY_TITLE, type ExportContext } from './context';
import type { RawSheet } from './exceljs-internals';
import { columnLetter, columnWidth, commentRowHeight, continuationTitle, dataRowHeight, DEFAULT_COLUMN_WIDTH } from './layout';
import { numberCell, rowXml, textCell } from './raw-xml';
import { SheetRows } from './sheet-rows';
import { sheetOpenXml } from './sheet-xml';
import type { SheetSource, ViewSheetSource } from './types';

/** Rows sampled for column widths when the source does not know them. */
const WIDTH_SAMPLE = 1000;
const HEADER_ROW = 3;
const FIRST_DATA_ROW = 4;
/** The metadata block spans rows 3..11, so a sheet must hold at least that many rows. */
export const MIN_ROWS_PER_SHEET = 12;
const CHECK_EVERY = 256;
const YIELD_EVERY = 1024;
const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;
const STALL_MS = 120_000;
/** Row XML is handed to exceljs in chunks of about this many characters: every write is piped on
 * to the zip on its own (a promise, a stream write and a deflate call each), so row by row cost
 * more than the rows' XML itself. */
const BATCH_CHARS = 64 * 1024;
const MESSAGE_NO_ROWS = 'No matches found for this search configuration';
const BACK_LINK = { text: '← Summary', hyperlink: sheetLink(SUMMARY_TITLE) };
const ZERO_RESULT_WIDTH = 50;

export interface ContinuationSheet {
  title: string;
  /** 1-based positions of its first and last row among the search's rows. */
  firstRow: number;
  lastRow: number;
}

export interface SearchOutcome {
  search: string;
  sheet: string;
  rows: number;
  systems: number;
  hasFields: boolean;
  continuations: ContinuationSheet[];
}

type RowIterator = Iterator<Cell[]> | AsyncIterator<Cell[]>;
/** A search's sheet, or a view of it (ViewSheetSource). */
type AnySheetSource = SheetSource | ViewSheetSource;

function openRows(source: AnySheetSource): RowIterator {
  const rows = source.rows();
  return Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
}

/** Writes every sheet of one search and says what went into them. */
export async function writeSearch(ctx: ExportContext, source: AnySheetSource): Promise<SearchOutcome> {
  const rows = openRows(source);
  const sample: Cell[][] = [];
  const sampleSize = source.columnChars ? 1 : WIDTH_SAMPLE;
  let exhausted = false;
  while (sample.length < sampleSize) {
    const next = await rows.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    sample.push(next.value);
  }
  if (sample.length === 0) {
    writeZeroResultSheet(ctx, source);
    return { search: source.search, sheet: source.sheet, rows: 0, systems: 0, hasFields: false, continuations: [] };
  }
  if (source.header.length === 0) {
    throw new Error(`Search "${source.search}" (sheet ${source.sheet}) has rows but no header`);
  }
  const table = new TableWriter(ctx, source, tableWidths(source, sample));
  for (const row of sample) await table.add(row);
  while (!exhausted) {
    const next = await rows.next();
    if (next.done) exhausted = true;
    else await table.add(next.value);
  }
  return table.finish();
}

function tableWidths(source: AnySheetSource, sample: Cell[][]): number[] {
  return source.header.map((name, c) => {
    let longest = longestLine(name);
    const known = source.columnChars?.[c];
    if (known !== undefined) longest = Math.max(longest, known);
    else for (const row of sample) if (row[c] !== undefined) longest = Math.max(longest, longestLine(row[c]));
    return columnWidth(longest);
  });
}

function metadataBlock(source: AnySheetSource): [string, string | number][] {
  if ('view' in source) return source.view.facts;
  const o = source.options;
  const yes = (b: boolean): string => (b ? 'Yes' : 'No');
  const block: [string, string | number][] = [
    ['Search Configuration:', ''],
    ['Name:', source.search],
    ['Total Results:', source.totalRows],
    ['Unique Systems:', source.systemsWithHits],
    ['Max Results:', o.maxResults === -1 ? 'Unlimited' : o.maxResults],
    ['Only Matching:', yes(o.onlyMatching)],
    ['Unique Results:', yes(o.unique)],
    ['Full Scan:', yes(o.fullScan)],
  ];
  // Only for our option: a sheet of a search without it keeps the old tool's block exactly.
  if (o.format !== null) block.push(['Format:', o.format === 'list' ? 'PowerShell list (Format-List)' : 'PowerShell table (Format-Table)']);
  if (o.fieldList.length > 0) block.push(['Extracted Fields:', o.fieldList.join(', ')]);
  return block;
}

/** Row 1 (comment or note) and row 2 (link back, unless the workbook has no Summary) of every search sheet. */
function writeTop(top: SheetRows, note: string | null, isComment: boolean, widths: number[], backLink = true): void {
  if (note) {
    top.begin(1);
    let height: number | undefined;
    if (isComment) {
      top.merge(1, 4);
      const merged = [0, 1, 2, 3].reduce((sum, c) => sum + (widths[c] ?? DEFAULT_COLUMN_WIDTH), 0);
      height = commentRowHeight(note, merged);
    }
    top.put(1, note, isComment ? 'comment' : 'note');
    if (isComment) for (let c = 2; c <= 4; c += 1) top.mergedCell(c);
    top.end(height);
  }
  if (!backLink) return;
  top.begin(2);
  top.put(1, BACK_LINK, 'link');
  top.end();
}

function writeZeroResultSheet(ctx: ExportContext, source: AnySheetSource): void {
  ctx.onRows(source.sheet);
  const sheet = addXmlSheet(ctx, source.sheet);
  const widths = [ZERO_RESULT_WIDTH];
  const top = new SheetRows(ctx, sheet);
  writeTop(top, source.comment, true, widths, !('view' in source));
  top.begin(HEADER_ROW);
  top.put(1, 'Search Results', 'header');
  top.begin(FIRST_DATA_ROW);
  top.put(1, MESSAGE_NO_ROWS, 'message');
  top.end();
  sheet.repeatRows(HEADER_ROW);
  sheet.write(sheetOpenXml({ widths }) + top.xml + top.closeXml());
  sheet.end();
}

class TableWriter {
  private readonly ncols: number;
  private readonly letters: string[];
  private readonly lineCol: number;
  private readonly systemCol: number;
  private readonly metadata: [string, string | number][];
  private readonly systems = new Set<string>();
  private sheet!: RawSheet;
  private top!: SheetRows;
  /** Sheet XML not yet handed to the zip entry's stream. */
  private batch = '';
  private title = '';
  private part = 0;
  private row = FIRST_DATA_ROW;
  private count = 0;
  private partFirst = 1;
  private readonly continuations: ContinuationSheet[] = [];

  constructor(
    private readonly ctx: ExportContext,
    private readonly source: AnySheetSource,
    private readonly widths: number[],
  ) {
    this.ncols = source.header.length;
    this.letters = Array.from({ length: this.ncols + 3 }, (_, i) => columnLetter(i + 1));
    this.lineCol = source.header.indexOf('Line Number');
    this.systemCol = Math.max(0, source.header.indexOf('System Name'));
    this.metadata = metadataBlock(source);
    this.open();
  }

  private open(): void {
    const { ctx, source } = this;
    this.part += 1;
    this.title = this.part === 1 ? source.sheet : continuationTitle(source.sheet, this.part, ctx.takenTitles);
    ctx.takenTitles.add(this.title.toLowerCase());
    this.sheet = addXmlSheet(ctx, this.title);
    const widths = [...this.widths];
    if (this.part === 1) {
      const valueChars = Math.max(...this.metadata.map(([, v]) => String(v).length));
      widths.push(3, 18, columnWidth(valueChars));
    }
    const top = new SheetRows(ctx, this.sheet);
    const backLink = !('view' in source);
    if (this.part === 1) writeTop(top, source.comment, true, widths, backLink);
    else writeTop(top, `Continued from ${source.sheet}: results from row ${this.count + 1} on`, false, widths, backLink);
    top.begin(HEADER_ROW);
    source.header.forEach((name, c) => top.put(c + 1, name, 'header'));
    if (this.part === 1) top.put(this.ncols + 2, this.metadata[0]?.[0], 'label');
    top.end(20);
    this.top = top;
    // The comment, the blank row and the header print on every page.
    this.sheet.repeatRows(HEADER_ROW);
    this.write(sheetOpenXml({ firstDataRow: FIRST_DATA_ROW, widths }) + top.xml);
    this.row = FIRST_DATA_ROW;
    this.partFirst = this.count + 1;
    ctx.onRows(this.title);
  }

  private metadataCells(row: number): string {
    if (this.part !== 1) return '';
    const entry = this.metadata[row - HEADER_ROW];
    if (!entry) return '';
    const [label, value] = entry;
    const ids = this.ctx.styleIds;
    const at = (c: number): string => `${this.letters[c - 1]}${row}`;
    const labelXml = textCell(at(this.ncols + 2), label, ids.label);
    const valueXml =
      typeof value === 'number'
        ? numberCell(at(this.ncols + 3), value, ids.value)
        : textCell(at(this.ncols + 3), this.ctx.text.clean(value, this.title), ids.value);
    return labelXml + valueXml;
  }

  private write(xml: string): void {
    this.batch += xml;
    if (this.batch.length >= BATCH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.batch === '') return;
    const xml = this.batch;
    this.batch = '';
    this.sheet.write(xml);
  }

  async add(cells: Cell[]): Promise<void> {
    if (this.row > this.ctx.limits.maxRowsPerSheet) {
      this.close();
      this.open();
    }
    if (cells.length > this.ncols) {
      throw new Error(
        `Search "${this.source.search}" (sheet ${this.source.sheet}): row ${this.count + 1} has ${cells.length} cells for ${this.ncols} columns`,
      );
    }
    const ids = this.ctx.styleIds;
    const r = this.row;
    let xml = '';
    let lines = 1;
    for (let c = 0; c < cells.length; c += 1) {
      const value = cells[c];
      const ref = `${this.letters[c]}${r}`;
      if (typeof value === 'number') {
        xml += Number.isFinite(value) ? numberCell(ref, value, ids.data) : textCell(ref, String(value), ids.data);
      } else if (typeof value === 'string' && value !== '') {
        if (c === this.lineCol && /^\d{1,15}$/.test(value)) {
          xml += numberCell(ref, Number(value), ids.data);
        } else {
          const text = this.ctx.text.clean(value, this.title);
          if (text.includes('\n')) lines = Math.max(lines, measureLines(text).lines);
          xml += textCell(ref, text, ids.data);
        }
      }
    }
    xml += this.metadataCells(r);
    // Every data row gets its height (SPEC §5.6), as the old tool did: left unset, LibreOffice
    // sizes each wrapped row to its full text on load (slow, and rows of 400 points).
    this.write(rowXml(r, xml, dataRowHeight(lines)));
    this.systems.add(String(cells[this.systemCol] ?? ''));
    this.count += 1;
    this.ctx.rowsWritten += 1;
    this.row += 1;
    if (this.count % CHECK_EVERY === 0) await this.relieve();
  }

  /** Waits while the zip is behind, so memory stays flat; notices cancellation and write errors. */
  private async relieve(): Promise<void> {
    const { ctx } = this;
    this.flush();
    ctx.onRows(this.title);
    ctx.signal?.throwIfAborted();
    const failed = ctx.failure();
    if (failed) throw failed;
    let pending = this.sheet.pendingBytes();
    if (pending <= HIGH_WATER) {
      if (this.count % YIELD_EVERY === 0) await nextTurn();
      return;
    }
    let lastProgress = Date.now();
    while (pending > LOW_WATER) {
      await sleep(2);
      const failure = ctx.failure();
      if (failure) throw failure;
      ctx.signal?.throwIfAborted();
      const now = this.sheet.pendingBytes();
      if (now < pending) lastProgress = Date.now();
      else if (Date.now() - lastProgress > STALL_MS) throw new Error(`Excel writer stalled on sheet ${this.title}`);
      pending = now;
    }
  }

  private close(): void {
    if (this.part === 1) {
      // Metadata rows below the last data row.
      for (let r = this.row; r < HEADER_ROW + this.metadata.length; r += 1) this.write(rowXml(r, this.metadataCells(r)));
    }
    const last = Math.max(HEADER_ROW, this.row - 1);
    this.batch += this.top.closeXml(`A${HEADER_ROW}:${this.letters[this.ncols - 1]}${last}`);
    this.flush();
    this.sheet.end();
    if (this.part > 1) this.continuations.push({ title: this.title, firstRow: this.partFirst, lastRow: this.count });
  }

  finish(): SearchOutcome {
    this.close();
    return {
      search: this.source.search,
      sheet: this.source.sheet,
      rows: this.count,
      systems: this.systems.size,
      hasFields: this.ncols > 3,
      continuations: this.continuations,
    };
  }
}
