// The few places where the exporter reaches below exceljs's public API, all in one file so that
// an exceljs upgrade breaks loudly here (and in this folder's tests) rather than quietly elsewhere.
// Pinned behaviour: exceljs 4.4 `stream.xlsx.WorkbookWriter` / `WorksheetWriter`.
//
// Why each is needed:
// - Sheet order: every worksheet's XML is a zip entry opened when the sheet is added, and the zip
//   writes entries strictly in order. The Summary (first in the workbook) can only be written once
//   all results are known (cut cells, continuation sheets), so it is added last and then listed first.
// - Raw sheets: exceljs builds several objects per cell (~30k rows/s here), and per sheet a writer,
//   rows, cells and xforms that cost more than a small sheet's rows (run too few times to be
//   optimised on a cold worker). Every sheet is written as XML directly (sheet-xml.ts; data rows
//   as inline strings, so text can never become a formula): the workbook only gets the entry it
//   lists (id, name, state, committed) and the zip part, and the other cells take their text from
//   the workbook's shared strings as exceljs would.
// - Internal hyperlinks: the streaming writer turns every link into an external relationship;
//   Excel's own in-document links are a `location` attribute without relationship.
// - Back-pressure: the writer never waits for the zip; without waiting, a fast producer buffers the
//   whole workbook in memory.
// - Loading: the package root also loads the workbook model, the readers, CSV and unzip code
//   (660 modules; bundled, ~0.24 s of CPU per worker). Only the streaming writer and the enums
//   are loaded, from their own files (205 modules; bundled, ~0.1 s). Types come from the root
//   (exceljs-writer.d.ts declares the two files).

import type ExcelJS from 'exceljs';
import enums from 'exceljs/lib/doc/enums';
import SheetRelsWriter from 'exceljs/lib/stream/xlsx/sheet-rels-writer';
import WorkbookWriterClass from 'exceljs/lib/stream/xlsx/workbook-writer';

export type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;
export type WorkbookWriterOptions = Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>;

/** exceljs's cell value types (the root's `ExcelJS.ValueType`). */
export const ValueType = enums.ValueType;

/** A streaming workbook writer (the root's `new ExcelJS.stream.xlsx.WorkbookWriter`). */
export function createWorkbookWriter(options: WorkbookWriterOptions): WorkbookWriter {
  return new WorkbookWriterClass(options);
}

/** Node streams have `writableLength`; the readable-stream 2.x ones archiver uses only the states. */
interface PipeTarget {
  writableLength?: number;
  _writableState?: { length?: number };
  _readableState?: { length?: number };
}

function buffered(p: PipeTarget): number {
  const writable = p.writableLength ?? p._writableState?.length ?? 0;
  return writable + (p._readableState?.length ?? 0);
}

interface StreamBufInternals {
  write(chunk: string): unknown;
  pipes?: PipeTarget[];
  buffers?: unknown[];
}

interface SheetStream extends StreamBufInternals {
  pause(): void;
  end(): void;
}

/** What WorkbookWriter reads from the sheets in `_worksheets` (commit, workbook.xml, rels, app, content types). */
interface SheetEntry {
  id: number;
  name: string;
  state: 'visible';
  committed: boolean;
  stream: SheetStream;
  commit(): void;
  /** Read by the workbook part: `printTitlesRow` becomes the sheet's `_xlnm.Print_Titles`. */
  pageSetup?: { printTitlesRow?: string };
}

interface WorkbookWriterInternals {
  _worksheets: (SheetEntry | undefined)[];
  nextId: number;
  useSharedStrings: boolean;
  sharedStrings: { add(text: string): number };
  styles: { addStyleModel(style: Partial<ExcelJS.Style>, cellType: ExcelJS.ValueType): number };
  zip: { abort(): unknown; on(event: 'error', listener: (err: Error) => void): unknown };
  _openStream(path: string): SheetStream;
}

function broken(what: string): Error {
  return new Error(`exceljs internals changed (${what}); the exporter needs exceljs 4.4`);
}

function wbInternals(wb: WorkbookWriter): WorkbookWriterInternals {
  const w = wb as unknown as Partial<WorkbookWriterInternals>;
  if (
    !Array.isArray(w._worksheets) ||
    typeof w.nextId !== 'number' ||
    typeof w.sharedStrings?.add !== 'function' ||
    typeof w._openStream !== 'function' ||
    typeof w.styles?.addStyleModel !== 'function' ||
    typeof w.zip?.abort !== 'function'
  ) {
    throw broken('WorkbookWriter');
  }
  return w as WorkbookWriterInternals;
}

/** The workbook's style id for a cell style (exceljs de-duplicates by object identity: reuse objects). */
export function styleId(wb: WorkbookWriter, style: Partial<ExcelJS.Style>, cellType: ExcelJS.ValueType): number {
  return wbInternals(wb).styles.addStyleModel(style, cellType);
}

/** Bytes of a sheet's XML written but not yet taken by the zip (compression and disk). */
function pendingIn(stream: StreamBufInternals): number {
  const piped = (stream.pipes ?? []).reduce((sum, p) => sum + buffered(p), 0);
  // Before the zip reaches this entry, everything waits in exceljs's own 64 KiB buffers.
  return piped + (stream.buffers?.length ?? 0) * 65_536;
}

/**
 * A worksheet whose whole XML the exporter writes (sheet-xml.ts). The workbook lists it like its
 * own sheets; `end` must come before the workbook's commit, which would otherwise fail.
 */
export interface RawSheet {
  readonly name: string;
  write(xml: string): void;
  /** Ends the sheet's zip part: its XML must be complete. */
  end(): void;
  /** Bytes written but not yet taken by the zip (compression and disk). */
  pendingBytes(): number;
  /** The workbook's shared-string index of `text`, counted as one more use (as exceljs's cells do). */
  sharedString(text: string): number;
  /** The hyperlink of cell `ref` to `target`, for the sheet's `<hyperlinks>`. */
  link(ref: string, target: string): SheetLink;
  /** Rows 1..`lastRow` are printed at the top of every page. */
  repeatRows(lastRow: number): void;
}

/** A `<hyperlink>`: in the workbook (`location`) or through the sheet's relationships (`rId`). */
export interface SheetLink {
  ref: string;
  location?: string;
  rId?: string;
}

const INTERNAL_TARGET = /^[^!]+![A-Za-z]+\d+$/;

/**
 * A target starting with `#` (e.g. `#'Summary'!A1`) becomes an in-document link. One exceljs could
 * not render as a location (a `!` in the sheet title) stays a `#` relationship, as exceljs writes
 * every link, which Excel and LibreOffice also follow inside the workbook.
 */
function linkTo(rels: () => SheetRelsWriter, ref: string, target: string): SheetLink {
  const location = target.startsWith('#') ? target.slice(1) : null;
  if (location !== null && INTERNAL_TARGET.test(location)) return { ref, location };
  const writer = rels();
  writer.addHyperlink({ address: ref, target });
  const rId = writer._hyperlinks.at(-1)?.rId;
  if (rId === undefined) throw broken('SheetRelsWriter');
  return { ref, rId };
}

const rawEntries = new WeakMap<RawSheet, SheetEntry>();

/** Adds a worksheet written as raw XML, in the next free sheet number (as `addWorksheet` would). */
export function addRawSheet(wb: WorkbookWriter, name: string): RawSheet {
  const w = wbInternals(wb);
  if (!w.useSharedStrings) throw new Error('Raw sheets need a workbook writer with useSharedStrings');
  const id = w.nextId;
  const stream = w._openStream(`/xl/worksheets/sheet${id}.xml`);
  // Like WorksheetWriter: paused, the stream keeps its data until the zip reaches this entry
  // (a StreamBuf piped while not paused ends itself).
  stream.pause();
  const entry: SheetEntry = {
    id,
    name,
    state: 'visible',
    committed: false,
    stream,
    commit: () => {
      throw new Error(`Worksheet ${name} was not finished before the workbook was committed`);
    },
  };
  w._worksheets[id] = entry;
  // Opened at the first link through a relationship, like exceljs's (its part follows the sheet's).
  let rels: SheetRelsWriter | null = null;
  const openRels = (): SheetRelsWriter => (rels ??= new SheetRelsWriter({ id, workbook: wb }));
  const sheet: RawSheet = {
    name,
    write: (xml) => {
      stream.write(xml);
    },
    end: () => {
      if (entry.committed) return;
      // As WorksheetWriter.commit: ending the stream lets the zip finish the part ('zipped').
      stream.end();
      rels?.commit();
      entry.committed = true;
    },
    pendingBytes: () => pendingIn(stream),
    sharedString: (text) => w.sharedStrings.add(text),
    link: (ref, target) => linkTo(openRels, ref, target),
    repeatRows: (lastRow) => {
      entry.pageSetup = { printTitlesRow: `1:${lastRow}` };
    },
  };
  rawEntries.set(sheet, entry);
  return sheet;
}

/** Lists `sheet` first in the workbook (its XML part keeps its number). Call after adding all sheets. */
export function listSheetFirst(wb: WorkbookWriter, sheet: RawSheet): void {
  const w = wbInternals(wb);
  const target = rawEntries.get(sheet);
  if (target === undefined || !w._worksheets.includes(target)) throw new Error(`Worksheet ${sheet.name} is not in this workbook`);
  const rest = w._worksheets.filter((s) => s !== undefined && s !== target);
  // The order of this array is the order of <sheets>; no sheet is added after this, so the
  // array no longer has to be indexed by sheet id (exceljs maps over it, holes aside).
  w._worksheets = [target, ...rest];
}

/** Reports errors of the zip stream (they would otherwise be unhandled 'error' events). */
export function onZipError(wb: WorkbookWriter, listener: (err: Error) => void): void {
  wbInternals(wb).zip.on('error', listener);
}

/** Stops the zip after a failure so no more bytes are produced. */
export function abortZip(wb: WorkbookWriter): void {
  wbInternals(wb).zip.abort();
}
