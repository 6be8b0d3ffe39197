// One family's workbook (and JSON) from the search results of its systems: spill files, or rows
// still held in this worker's memory (held-rows.ts). Small families are built
// in memory in one go. Holding a whole family's rows as objects does not fit for large runs
// (1,000 systems: several GB of heap), so there the rows go by once, system by system, into one
// line file per search, and that pass also learns what the sheets need before their rows (rows,
// systems with hits, header, column widths: SearchShape). Each search's table is then built by the
// engine's own buildFamilyResults (run on that search alone, so the result semantics stay in one
// place) only when its sheet is written, and dropped after it: the rows are written and read back
// once. (They used to be built, stored as a table file and read back from it for the sheet: twice
// the work, which made the 1,000-system tables 20x the 120-system ones for 8.3x the rows.)
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FamilyDrift, openFamilyResults } from '../engine/compare/results-input';
import { searchAppliesTo, searchFamilies } from '../engine/filters';
import { buildFamilyResults, familySystemsInOrder, headerOfKeys, MISSING_ROW, wantsMissingRow } from '../engine/results/build-family-results';
import { cellMarksOf, checkCells, findingLines, markKey, rowMarksOf, type RunEvidence } from '../engine/marks';
import { compareGrid, gridCellValues, suggestLayout } from '../engine/compare/compare-grid';
import type { CompareSheetInput } from '../export/compare-sheet';
import { longestLine } from '../export/cells';
import type { Assessment } from '../export/types';
import type { Cell, CheckOutcome, CheckTable, FamilyResults, ResultRow, SearchResultTable, SearchSpec, SystemSearchResult } from '../engine/types';
import type { SheetSource } from '../export/types';
import type { ExportFamilyRequest, ExportFamilyResult, SearchTableInfo } from './api';
import { diskSpills, type SpillSource } from './held-rows';
import type { SpilledRows } from './spill-file';
import { forEachLine, writeTableFile } from './table-file';
import { spillFolder, whileWriting, whileWritingSync } from './write-error';

type Exporter = typeof import('../export');

/** Characters of line-file text a search collects before it is written (one write per search and chunk). */
const WRITE_CHUNK_CHARS = 256 * 1024;

/**
 * One search of a large family as the regroup pass sees its rows go by, in table order: its line
 * file (`[systemOrdinal, rows]` per line) and what its sheet states before the rows (counted as
 * the exporter's adapter counts them from a whole table: adapter.ts).
 */
interface SearchShape {
  spec: SearchSpec;
  path: string;
  /** Open while the pass writes; null before the first row and after the pass. */
  fd: number | null;
  wroteRows: boolean;
  pending: string[];
  pendingChars: number;
  /** Table rows, a show_missing search's "no results" rows included. */
  rows: number;
  systems: Set<string>;
  /** Field names in the order the rows first use them (headerOfKeys). */
  keys: Set<string>;
  /** Longest line of the System Name, Line Number and Matched Text columns, and per field name. */
  baseChars: [number, number, number];
  fieldChars: Map<string, number>;
}

function newShape(spec: SearchSpec, path: string): SearchShape {
  return { spec, path, fd: null, wroteRows: false, pending: [], pendingChars: 0, rows: 0, systems: new Set(), keys: new Set(), baseChars: [0, 0, 0], fieldChars: new Map() };
}

function countRows(shape: SearchShape, systemName: string, rows: readonly ResultRow[]): void {
  shape.rows += rows.length;
  shape.systems.add(systemName);
  const base = shape.baseChars;
  if (systemName !== '') base[0] = Math.max(base[0], longestLine(systemName));
  for (const row of rows) {
    base[1] = Math.max(base[1], longestLine(row.line));
    if (row.text !== '') base[2] = Math.max(base[2], longestLine(row.text));
    if (!row.fields) continue;
    for (const key in row.fields) {
      shape.keys.add(key);
      const value = row.fields[key] as string;
      if (value !== '') shape.fieldChars.set(key, Math.max(shape.fieldChars.get(key) ?? 0, longestLine(value)));
    }
  }
}

function writePending(shape: SearchShape): void {
  if (shape.pending.length === 0) return;
  shape.fd ??= openSync(shape.path, 'w');
  writeSync(shape.fd, shape.pending.join(''));
  shape.pending = [];
  shape.pendingChars = 0;
}

function headerOf(shape: SearchShape): string[] {
  return shape.rows === 0 ? [] : headerOfKeys(shape.spec.fieldList, shape.keys, shape.spec.format);
}

function columnCharsOf(shape: SearchShape, header: readonly string[]): number[] {
  return header.map((column, i) => (i < 3 ? (shape.baseChars[i] as number) : (shape.fieldChars.get(column) ?? 0)));
}

/**
 * One pass over the systems' spill files, in table order (familySystemsInOrder): each routed
 * search's rows go to its line file and are counted into its SearchShape.
 */
async function regroupBySearch(req: ExportFamilyRequest, routed: readonly SearchSpec[], dir: string, source: SpillSource): Promise<Map<number, SearchShape>> {
  await mkdir(dir, { recursive: true });
  const shapes = [...routed].map((spec) => newShape(spec, join(dir, `${spec.index}.jsonl`)));
  const ordered = familySystemsInOrder(
    req.family,
    req.systems.map((system, ordinal) => ({ osFamily: system.osFamily, relPath: system.relPath, system, ordinal })),
  );
  try {
    for (const { system, ordinal } of ordered) {
      // As familyInMemory merges a system's parts.
      const rowsBySearch: SpilledRows = {};
      for (const spill of req.spills[ordinal] ?? []) Object.assign(rowsBySearch, await source.read(spill));
      for (const shape of shapes) {
        const rows = rowsBySearch[shape.spec.index] ?? [];
        if (rows.length === 0) {
          if (wantsMissingRow(shape.spec, system, 0)) countRows(shape, system.systemName, [MISSING_ROW]);
          continue;
        }
        countRows(shape, system.systemName, rows);
        const line = `${JSON.stringify([ordinal, rows])}\n`;
        shape.pending.push(line);
        shape.pendingChars += line.length;
        shape.wroteRows = true;
        if (shape.pendingChars >= WRITE_CHUNK_CHARS) writePending(shape);
      }
    }
    for (const shape of shapes) writePending(shape);
  } finally {
    for (const shape of shapes) {
      if (shape.fd !== null) closeSync(shape.fd);
      shape.fd = null;
    }
  }
  return new Map(shapes.map((shape) => [shape.spec.index, shape]));
}

/** The table of one search over the family's systems, built by the engine from its line file. */
function buildTable(req: ExportFamilyRequest, shape: SearchShape): Omit<SearchResultTable, 'sheet'> {
  const { spec } = shape;
  const results: SystemSearchResult[] = req.systems.map((s) => ({ systemName: s.systemName, relPath: s.relPath, rowsBySearch: {}, checks: [], linesRead: 0, bytesRead: 0 }));
  if (shape.wroteRows) {
    forEachLine(shape.path, (line) => {
      const [ordinal, rows] = JSON.parse(line) as [number, ResultRow[]];
      const target = results[ordinal];
      if (target) (target.rowsBySearch[spec.index] ??= []).push(...rows);
    });
  }
  const table = buildFamilyResults(req.family, req.systems, [spec], results).searches[0];
  if (!table) throw new Error(`search "${spec.name}" does not route to ${req.family}`);
  // The sheet's metadata (rows, systems, widths) was stated from the shape before these rows.
  const header = headerOf(shape);
  if (table.rows.length !== shape.rows || table.header.join('\u0000') !== header.join('\u0000')) {
    throw new Error(`the ${req.family} table of search "${spec.name}" has ${table.rows.length} rows and ${table.header.length} columns where its line file counted ${shape.rows} and ${header.length}`);
  }
  return table;
}

/** The systems' check outcomes without their rows (the tables are then built search by search). */
function checksOnly(req: ExportFamilyRequest): SystemSearchResult[] {
  return req.systems.map((s, i) => ({ systemName: s.systemName, relPath: s.relPath, rowsBySearch: {}, checks: req.checks[i] ?? [], linesRead: 0, bytesRead: 0 }));
}

/** Below this much spilled data a family is built in memory in one go (faster); above, search by search. */
export const IN_MEMORY_SPILL_BYTES = 64 * 1024 * 1024;

async function spilledBytes(req: ExportFamilyRequest, source: SpillSource): Promise<number> {
  let total = 0;
  for (const spills of req.spills) for (const spill of spills) total += await source.size(spill);
  return total;
}

/** The whole family at once, the engine's way (small families). */
async function familyInMemory(req: ExportFamilyRequest, routed: readonly SearchSpec[], spills: SpillSource): Promise<FamilyResults> {
  const results: SystemSearchResult[] = [];
  for (const [i, system] of req.systems.entries()) {
    const rowsBySearch: Record<number, ResultRow[]> = {};
    for (const spill of req.spills[i] ?? []) Object.assign(rowsBySearch, await spills.read(spill));
    results.push({ systemName: system.systemName, relPath: system.relPath, rowsBySearch, checks: req.checks[i] ?? [], linesRead: 0, bytesRead: 0 });
  }
  return buildFamilyResults(req.family, req.systems, routed, results);
}

/** How far an export has come (the worker passes it on as an 'export' side note). */
export interface FamilyExportStep {
  step: 'tables' | 'sheets' | 'finishing';
  sheet: string | null;
  rowsWritten: number;
  /** The workbook's rows; 0 until the tables are built. */
  rowsTotal: number;
}

export interface FamilyExportOptions {
  log?: (text: string) => void;
  onProgress?: (step: FamilyExportStep) => void;
  /** Below this much spilled data the family is built in memory (default IN_MEMORY_SPILL_BYTES). */
  inMemoryLimitBytes?: number;
  /** Where the rows are: spill files (default), or this worker's memory. */
  spills?: SpillSource;
}

export async function exportFamilyFromSpills(
  req: ExportFamilyRequest,
  searches: readonly SearchSpec[],
  exporter: Exporter,
  opts: FamilyExportOptions = {},
): Promise<ExportFamilyResult> {
  const log = opts.log ?? (() => undefined);
  const inMemoryLimitBytes = opts.inMemoryLimitBytes ?? IN_MEMORY_SPILL_BYTES;
  const spills = opts.spills ?? diskSpills;
  const progress = opts.onProgress ?? (() => undefined);
  progress({ step: 'tables', sheet: null, rowsWritten: 0, rowsTotal: 0 });
  const t0 = performance.now();
  const routedSpecs = searches.filter((spec) => searchFamilies(spec).includes(req.family));
  const inMemory = (await spilledBytes(req, spills)) <= inMemoryLimitBytes;
  // Workbook order and sheet titles depend on the searches only, not on rows.
  const skeleton = inMemory ? await familyInMemory(req, routedSpecs, spills) : buildFamilyResults(req.family, req.systems, routedSpecs, checksOnly(req));
  const drift = req.compareWith ? await driftAgainst(req, log) : null;
  const workDir = join(req.storeDir, `${req.family}-regroup`);
  await mkdir(req.storeDir, { recursive: true });
  try {
    // A large family goes through its line files to bound memory; rows held in memory would stay
    // alive through all of it (with the file texts they are slices of), so they go to disk first.
    const spillPaths = req.spills.flat();
    if (!inMemory) await whileWriting(`the ${req.family} search results held in memory`, spillFolder(spillPaths), () => spills.flush(spillPaths));
    const tables = `the ${req.family} result tables`;
    const shapes = inMemory ? null : await whileWriting(tables, workDir, () => regroupBySearch(req, routedSpecs, workDir, spills));
    const infos: SearchTableInfo[] = [];
    const sources: SheetSource[] = [];
    /** Large families: each search's table file, written when its sheet's rows are handed over. */
    const unstored = new Map<number, () => void>();
    // Rows and Compare cells (of this family's systems) the auditor marked, looked for in each search's table as it goes by.
    const wanted = rowMarksOf(req.marks);
    const foundRows = new Set<string>();
    const familySystems = new Set(req.systems.map((s) => s.systemName));
    const wantedCells = cellMarksOf(req.marks.filter((m) => familySystems.has(m.target.system)));
    const foundCells = new Map<string, string[]>();
    const hasMarks = (search: string): boolean => wanted.has(search) || wantedCells.has(search);
    // `--compare-sheet`: the chosen searches across the systems, a Compare sheet each.
    const compareSheets = new Set(req.compareSheets ?? []);
    const compares: CompareSheetInput[] = [];
    const specByIndex = new Map(routedSpecs.map((spec) => [spec.index, spec]));
    const compareIfChosen = (table: SearchResultTable): void => {
      const spec = specByIndex.get(table.index);
      if (spec && compareSheets.has(table.search)) compares.push(compareSheet(req, spec, table));
    };
    const lookForMarks = (table: SearchResultTable): void => {
      const cells = wantedCells.get(table.search);
      if (cells) {
        const values = gridCellValues(table.header, table.rows, cells);
        for (const c of cells) {
          const found = values.get(`${c.system}\u0000${c.column}`);
          if (found) foundCells.set(markKey(c), found);
        }
      }
      const marked = wanted.get(table.search);
      if (!marked) return;
      const sys = table.header.indexOf('System Name');
      const text = table.header.indexOf('Matched Text');
      for (const row of table.rows) {
        const key = `${String(row[sys])}\u0000${String(row[text])}`;
        if (marked.has(key)) foundRows.add(`${table.search}\u0000${key}`);
      }
    };
    for (const slot of skeleton.searches) {
      progress({ step: 'tables', sheet: slot.sheet, rowsWritten: 0, rowsTotal: 0 });
      const storePath = req.keepTables ? join(req.storeDir, `${req.family}-${slot.index}.json`) : null;
      const shape = shapes?.get(slot.index);
      if (!shape) {
        lookForMarks(slot);
        await drift?.add(slot);
        compareIfChosen(slot);
        if (storePath) await whileWriting(tables, req.storeDir, () => writeTableFile(storePath, slot.header, slot.rows));
        // The exporter's adapter computes the sheet facts (hits, column widths) from the table.
        const [source] = exporter.workbookInputFromResults({ family: req.family, systems: [], searches: [slot], checks: [] }, req.facts).searches;
        if (!source) continue;
        const { search, sheet, comment, header, options, totalRows, systemsWithHits } = source;
        infos.push({ search, sheet, comment, header, options, totalRows, systemsWithHits, index: slot.index, storePath });
        sources.push(source);
        continue;
      }
      // Marks, the Changes sheet and a Compare sheet need the rows before the workbook: the table is then built twice.
      if (drift || hasMarks(slot.search) || compareSheets.has(slot.search)) {
        const table = { ...buildTable(req, shape), sheet: slot.sheet };
        lookForMarks(table);
        await drift?.add(table);
        compareIfChosen(table);
      }
      const header = headerOf(shape);
      const info: SearchTableInfo = { search: slot.search, sheet: slot.sheet, comment: slot.comment, header, options: slot.options, totalRows: shape.rows, systemsWithHits: shape.systems.size, index: slot.index, storePath };
      infos.push(info);
      const sheetRows = (): Cell[][] => {
        unstored.delete(slot.index);
        const table = buildTable(req, shape);
        if (storePath) whileWritingSync(tables, req.storeDir, () => writeTableFile(storePath, table.header, table.rows));
        return table.rows;
      };
      if (storePath) unstored.set(slot.index, () => void sheetRows());
      const { search, sheet, comment, options, totalRows, systemsWithHits } = info;
      sources.push({ search, sheet, comment, header, options, totalRows, systemsWithHits, columnChars: columnCharsOf(shape, header), rows: sheetRows });
    }
    const t1 = performance.now();

    const rowsTotal = infos.reduce((n, info) => n + info.totalRows, 0);
    const timestamp = new Date(req.timestamp);
    const assessment = assessmentOf(req, skeleton.checks, {
      rowExists: (t) => foundRows.has(`${t.search}\u0000${t.system}\u0000${t.text}`),
      cellValues: (t) => foundCells.get(markKey(t)) ?? null,
    });
    const changes = drift ? { changes: { against: drift.older.file, diff: await drift.finish(req.family) } } : {};
    const exported = await whileWriting(`the ${req.family} workbook`, req.outDir, () =>
      exporter.exportWorkbook(
        { family: req.family, systems: skeleton.systems, searches: sources, facts: req.facts, ...(assessment ? { assessment } : {}), ...changes, ...(compares.length ? { compares } : {}) },
        req.outDir,
        { timestamp, onProgress: (p) => progress({ ...p, rowsTotal }) },
      ),
    );
    // A sheet the exporter did not ask the rows of still gets its table file for browsing.
    for (const store of [...unstored.values()]) store();
    const json = req.writeJson ? (shapes ? lazyResults(skeleton, (index) => headerOf(shapes.get(index) as SearchShape), (index) => buildTable(req, shapes.get(index) as SearchShape).rows) : skeleton) : null;
    const jsonPath = json ? await whileWriting(`the ${req.family} JSON results`, req.outDir, () => exporter.writeResultsJson(json, req.outDir, timestamp, req.facts)) : null;
    log(
      `${req.family}: ${req.systems.length} systems, ${exported.rows} rows, ${inMemory ? 'in memory' : 'search by search'}; ` +
        `tables ${Math.round(t1 - t0)} ms, workbook${jsonPath ? ' + JSON' : ''} ${Math.round(performance.now() - t1)} ms`,
    );
    return { family: req.family, workbookPath: exported.path, jsonPath, rows: exported.rows, sheets: exported.sheets, searches: infos, markedRows: [...foundRows], markedCells: [...foundCells] };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The Checks and Findings sheets of the family: its checks, its systems' marks, the failed checks. */
function assessmentOf(req: ExportFamilyRequest, checks: CheckTable[], found: Omit<RunEvidence, 'checks'>): Assessment | null {
  const systems = new Set(req.systems.map((s) => s.systemName));
  const marks = req.marks.filter((m) => systems.has(m.target.system));
  if (checks.length === 0 && marks.length === 0) return null;
  const overrides = new Map<string, CheckOutcome>();
  for (const m of marks) if (m.target.kind === 'check' && m.override) overrides.set(`${m.target.system}\u0000${m.target.search}\u0000${m.target.check}`, m.override.outcome);
  return { checks, findings: findingLines(systems, checks, marks, { checks: checkCells(checks), ...found }), overrides };
}

/** A chosen search across the family's systems, as the app's Compare view shows it (majority reference). */
function compareSheet(req: ExportFamilyRequest, spec: SearchSpec, table: SearchResultTable): CompareSheetInput {
  const systems = req.systems.map((s) => ({ name: s.systemName, state: searchAppliesTo(spec, s) ? ('searched' as const) : ('not-applicable' as const) }));
  const grid = compareGrid({ header: table.header, rows: table.rows, systems, layout: suggestLayout(table.header, table.rows), baseline: null });
  return { search: table.search, sheet: table.sheet, grid };
}

/** The earlier run's results of this family, ready to take the new tables one by one; null when it has none. */
async function driftAgainst(req: ExportFamilyRequest, log: (text: string) => void): Promise<FamilyDrift | null> {
  const older = await openFamilyResults(req.compareWith as string, req.family);
  if (!older) {
    log(`${req.family}: ${req.compareWith} has no ${req.family} results; no Changes sheet`);
    return null;
  }
  return new FamilyDrift(older, req.systems.map((s) => s.systemName));
}

/**
 * FamilyResults whose tables' rows are built from the line files when first touched, keeping only
 * the most recent table in memory (the JSON writer goes through the tables in order).
 */
function lazyResults(skeleton: FamilyResults, headerOf: (index: number) => string[], rowsOf: (index: number) => Cell[][]): FamilyResults {
  let current: { index: number; rows: Cell[][] } | null = null;
  const load = (index: number): Cell[][] => {
    if (current?.index !== index) current = { index, rows: rowsOf(index) };
    return current.rows;
  };
  const searches = skeleton.searches.map((slot) => {
    const table = { ...slot, header: headerOf(slot.index) };
    Object.defineProperty(table, 'rows', { enumerable: true, get: () => load(slot.index) });
    return table;
  });
  return { ...skeleton, searches };
}
