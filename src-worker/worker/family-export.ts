// One family's workbook (and JSON) from the search results of its systems: spill files, or rows
// still held in this worker's memory (held-rows.ts). Small families are built
// in memory in one go. Holding a whole family's rows as objects does not fit for large runs
// (1,000 systems: several GB of heap), so there the rows are first regrouped by search into
// line files, then each search's table is built with the engine's own buildFamilyResults (run
// on that search alone, so the result semantics stay in one place), stored for the results
// view, and handed to the exporter as a SheetSource whose rows() reads the stored table back
// when its sheet is written.
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FamilyDrift, openFamilyResults } from '../engine/compare/results-input';
import { searchFamilies } from '../engine/filters';
import { buildFamilyResults } from '../engine/results/build-family-results';
import { checkCells, findingLines, rowMarksOf, type RunEvidence } from '../engine/marks';
import type { Assessment } from '../export/types';
import type { Cell, CheckOutcome, CheckTable, FamilyResults, ResultRow, SearchResultTable, SearchSpec, SystemSearchResult } from '../engine/types';
import type { SheetSource } from '../export/types';
import type { ExportFamilyRequest, ExportFamilyResult, SearchTableInfo } from './api';
import { diskSpills, type SpillSource } from './held-rows';
import { fileLines, readTableFile, tableFileRows, writeTableFile } from './table-file';
import { spillFolder, whileWriting } from './write-error';

type Exporter = typeof import('../export');


/** Regroups the systems' spill files into one line file per search: `[systemOrdinal, rows]` per line. */
async function regroupBySearch(req: ExportFamilyRequest, routed: ReadonlySet<number>, dir: string, source: SpillSource): Promise<Map<number, string>> {
  await mkdir(dir, { recursive: true });
  const files = new Map<number, { path: string; fd: number }>();
  try {
    for (const [ordinal, spills] of req.spills.entries()) {
      for (const spill of spills) {
        const rowsBySearch = await source.read(spill);
        for (const [key, rows] of Object.entries(rowsBySearch)) {
          const index = Number(key);
          if (!routed.has(index) || rows.length === 0) continue;
          let file = files.get(index);
          if (!file) {
            const path = join(dir, `${index}.jsonl`);
            file = { path, fd: openSync(path, 'w') };
            files.set(index, file);
          }
          writeSync(file.fd, `${JSON.stringify([ordinal, rows])}\n`);
        }
      }
    }
  } finally {
    for (const f of files.values()) closeSync(f.fd);
  }
  return new Map([...files].map(([index, f]) => [index, f.path]));
}

/** The table of one search over the family's systems, built by the engine. */
async function buildTable(req: ExportFamilyRequest, spec: SearchSpec, linesFile: string | undefined): Promise<Omit<SearchResultTable, 'sheet'>> {
  const results: SystemSearchResult[] = req.systems.map((s) => ({ systemName: s.systemName, relPath: s.relPath, rowsBySearch: {}, checks: [], linesRead: 0, bytesRead: 0 }));
  if (linesFile) {
    for await (const line of fileLines(linesFile)) {
      const [ordinal, rows] = JSON.parse(line) as [number, ResultRow[]];
      const target = results[ordinal];
      if (target) (target.rowsBySearch[spec.index] ??= []).push(...rows);
    }
  }
  const table = buildFamilyResults(req.family, req.systems, [spec], results).searches[0];
  if (!table) throw new Error(`search "${spec.name}" does not route to ${req.family}`);
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
  const specByIndex = new Map(routedSpecs.map((s) => [s.index, s]));
  const inMemory = (await spilledBytes(req, spills)) <= inMemoryLimitBytes;
  // Workbook order and sheet titles depend on the searches only, not on rows.
  const skeleton = inMemory ? await familyInMemory(req, routedSpecs, spills) : buildFamilyResults(req.family, req.systems, routedSpecs, checksOnly(req));
  const drift = req.compareWith ? await driftAgainst(req, log) : null;
  const workDir = join(req.storeDir, `${req.family}-regroup`);
  await mkdir(req.storeDir, { recursive: true });
  try {
    // A large family is built search by search to bound memory; rows held in memory would stay
    // alive through all of it (with the file texts they are slices of), so they go to disk first.
    const spillPaths = req.spills.flat();
    if (!inMemory) await whileWriting(`the ${req.family} search results held in memory`, spillFolder(spillPaths), () => spills.flush(spillPaths));
    const tables = `the ${req.family} result tables`;
    const linesBySearch = inMemory ? null : await whileWriting(tables, workDir, () => regroupBySearch(req, new Set(specByIndex.keys()), workDir, spills));
    const infos: SearchTableInfo[] = [];
    const sources: SheetSource[] = [];
    // Rows the auditor marked, looked for in each search's table as it goes by.
    const wanted = rowMarksOf(req.marks);
    const foundRows = new Set<string>();
    for (const slot of skeleton.searches) {
      progress({ step: 'tables', sheet: slot.sheet, rowsWritten: 0, rowsTotal: 0 });
      const spec = specByIndex.get(slot.index) as SearchSpec;
      const table: SearchResultTable = linesBySearch ? { ...(await buildTable(req, spec, linesBySearch.get(spec.index))), sheet: slot.sheet } : slot;
      const marked = wanted.get(table.search);
      if (marked) {
        const sys = table.header.indexOf('System Name');
        const text = table.header.indexOf('Matched Text');
        for (const row of table.rows) {
          const key = `${String(row[sys])}\u0000${String(row[text])}`;
          if (marked.has(key)) foundRows.add(`${table.search}\u0000${key}`);
        }
      }
      await drift?.add(table);
      // Large families need the stored table to stream the sheet's rows; small ones only for browsing.
      const storePath = linesBySearch || req.keepTables ? join(req.storeDir, `${req.family}-${table.index}.json`) : null;
      if (storePath) {
        await whileWriting(tables, req.storeDir, () => writeTableFile(storePath, table.header, table.rows));
      }
      // The exporter's adapter computes the sheet facts (hits, column widths) from the table.
      const [source] = exporter.workbookInputFromResults({ family: req.family, systems: [], searches: [table], checks: [] }, req.facts).searches;
      if (!source) continue;
      const { search, sheet, comment, header, options, totalRows, systemsWithHits } = source;
      infos.push({ search, sheet, comment, header, options, totalRows, systemsWithHits, index: table.index, storePath });
      sources.push(
        linesBySearch && storePath
          ? {
              ...source,
              rows: async function* () {
                yield* tableFileRows(storePath);
              },
            }
          : source,
      );
    }
    await rm(workDir, { recursive: true, force: true });
    const t1 = performance.now();

    const rowsTotal = infos.reduce((n, info) => n + info.totalRows, 0);
    const timestamp = new Date(req.timestamp);
    const assessment = assessmentOf(req, skeleton.checks, (t) => foundRows.has(`${t.search}\u0000${t.system}\u0000${t.text}`));
    const changes = drift ? { changes: { against: drift.older.file, diff: await drift.finish(req.family) } } : {};
    const exported = await whileWriting(`the ${req.family} workbook`, req.outDir, () =>
      exporter.exportWorkbook(
        { family: req.family, systems: skeleton.systems, searches: sources, facts: req.facts, ...(assessment ? { assessment } : {}), ...changes },
        req.outDir,
        { timestamp, onProgress: (p) => progress({ ...p, rowsTotal }) },
      ),
    );
    const json = req.writeJson ? (linesBySearch ? lazyResults(skeleton, infos) : skeleton) : null;
    const jsonPath = json ? await whileWriting(`the ${req.family} JSON results`, req.outDir, () => exporter.writeResultsJson(json, req.outDir, timestamp, req.facts)) : null;
    log(
      `${req.family}: ${req.systems.length} systems, ${exported.rows} rows, ${inMemory ? 'in memory' : 'search by search'}; ` +
        `tables ${Math.round(t1 - t0)} ms, workbook${jsonPath ? ' + JSON' : ''} ${Math.round(performance.now() - t1)} ms`,
    );
    if (!req.keepTables && !inMemory) {
      for (const info of infos) if (info.storePath) await rm(info.storePath, { force: true });
      for (const info of infos) info.storePath = null;
    }
    return { family: req.family, workbookPath: exported.path, jsonPath, rows: exported.rows, sheets: exported.sheets, searches: infos, markedRows: [...foundRows] };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The Checks and Findings sheets of the family: its checks, its systems' marks, the failed checks. */
function assessmentOf(req: ExportFamilyRequest, checks: CheckTable[], rowExists: RunEvidence['rowExists']): Assessment | null {
  const systems = new Set(req.systems.map((s) => s.systemName));
  const marks = req.marks.filter((m) => systems.has(m.target.system));
  if (checks.length === 0 && marks.length === 0) return null;
  const overrides = new Map<string, CheckOutcome>();
  for (const m of marks) if (m.target.kind === 'check' && m.override) overrides.set(`${m.target.system}\u0000${m.target.search}\u0000${m.target.check}`, m.override.outcome);
  return { checks, findings: findingLines(systems, checks, marks, { checks: checkCells(checks), rowExists }), overrides };
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
 * FamilyResults whose tables' rows are read from the store when first touched, keeping only the
 * most recent table in memory (the JSON writer goes through the tables in order).
 */
function lazyResults(skeleton: FamilyResults, infos: readonly SearchTableInfo[]): FamilyResults {
  let current: { path: string; rows: Cell[][] } | null = null;
  const load = (path: string): Cell[][] => {
    if (current?.path !== path) current = { path, rows: readTableFile(path).rows };
    return current.rows;
  };
  const byIndex = new Map(infos.map((info) => [info.index, info]));
  const searches = skeleton.searches.map((slot) => {
    const info = byIndex.get(slot.index) as SearchTableInfo;
    const table = { ...slot, header: info.header };
    Object.defineProperty(table, 'rows', { enumerable: true, get: () => load(info.storePath as string) });
    return table;
  });
  return { ...skeleton, searches };
}
