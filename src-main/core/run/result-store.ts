// Results of finished runs, kept on the main side for the results view. The rows themselves stay
// on disk (one JSON file per search, written by the export worker); only the overview is in memory,
// and the table being browsed is cached while the user pages through it.
import { rm } from 'node:fs/promises';
import type { ResultsOverview, RowsPage, RowsQuery, SearchOverview } from '../../contract/ipc';
import type { Cell, OsFamily, SystemInfo } from '../../../src-worker/engine/types';
import type { SearchTableInfo, StoredTable } from '../../../src-worker/worker/api';
import { readTableFile } from '../../../src-worker/worker/table-file';
import { gridCellValues } from '../../../src-worker/engine/compare/compare-grid';
import { pageRows, viewKey, viewRows } from './table-query';

interface StoredRun {
  overview: ResultsOverview;
  /** Where each search's rows are (table-file.ts), by tableKey. */
  tables: Map<string, TableRef>;
  /** The run's temporary folder, removed when the run is dropped. */
  tempDir: string;
  /**
   * A reopened run's tables are made from its results JSON when a family is first browsed:
   * the loader writes the family's table files and answers their paths by search index.
   */
  loadFamily?: (family: OsFamily) => Promise<Map<number, string>>;
  loading?: Map<OsFamily, Promise<void>>;
}

/** Where one search's rows are (table-file.ts), null until written or loaded. */
interface TableRef {
  search: string;
  storePath: string | null;
}

const tableKey = (family: OsFamily, index: number): string => `${family}#${index}`;

/** A query without its paging: which rows of which search, in what order. */
type ViewQuery = Pick<RowsQuery, 'family' | 'index' | 'filter' | 'sort' | 'sorts' | 'values'>;

export class ResultStore {
  private readonly runs = new Map<string, StoredRun>();
  private cache: { path: string; table: StoredTable; view: { key: string; rows: Cell[][] } | null } | null = null;

  /** Keeps at most this many runs; older ones (and their files) are dropped. */
  constructor(private readonly keep = 3) {}

  add(runId: string, overview: ResultsOverview, tables: SearchTableInfo[][], tempDir: string): Promise<void> {
    const map = new Map<string, TableRef>();
    overview.families.forEach((fam, i) => {
      for (const info of tables[i] ?? []) map.set(tableKey(fam.family, info.index), { search: info.search, storePath: info.storePath });
    });
    this.runs.set(runId, { overview, tables: map, tempDir });
    return this.trim();
  }

  /** A run reopened from its files: rows are loaded per family on first use (see StoredRun.loadFamily). */
  addReopened(runId: string, overview: ResultsOverview, tempDir: string, loadFamily: (family: OsFamily) => Promise<Map<number, string>>): Promise<void> {
    const map = new Map<string, TableRef>();
    for (const fam of overview.families) for (const s of fam.searches) map.set(tableKey(fam.family, s.index), { search: s.search, storePath: null });
    this.runs.delete(runId);
    this.runs.set(runId, { overview, tables: map, tempDir, loadFamily, loading: new Map() });
    return this.trim();
  }

  private trim(): Promise<void> {
    const drops: Promise<void>[] = [];
    while (this.runs.size > this.keep) {
      const oldest = this.runs.keys().next().value as string;
      drops.push(this.drop(oldest));
    }
    return Promise.all(drops).then(() => undefined);
  }

  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  getOverview(runId: string): ResultsOverview {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no results for run ${runId}`);
    return run.overview;
  }

  async getRows(runId: string, query: RowsQuery): Promise<RowsPage> {
    const { table, rows } = await this.view(runId, query);
    return pageRows(table, query, rows);
  }

  /** Every row a query shows, in its order (an export of the grid's view), with the table they come from. */
  async view(runId: string, query: ViewQuery): Promise<{ table: StoredTable; rows: Cell[][] }> {
    const table = await this.getTable(runId, query.family, query.index);
    const cache = this.cache as NonNullable<ResultStore['cache']>;
    // Scrolling asks for page after page of one query: its rows are filtered and sorted once.
    const key = viewKey(query);
    if (cache.view?.key !== key) cache.view = { key, rows: viewRows(table, query) };
    return { table, rows: cache.view.rows };
  }

  /** All rows of one search of a run (the table being browsed stays cached). */
  async getTable(runId: string, family: OsFamily, index: number): Promise<StoredTable> {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no results for run ${runId}`);
    const info = run.tables.get(tableKey(family, index));
    if (!info) throw new Error(`run ${runId} has no ${family} search #${index}`);
    if (!info.storePath && run.loadFamily) await this.loadFamily(run, family);
    if (!info.storePath) throw new Error(`the rows of run ${runId} were not kept`);
    if (this.cache?.path !== info.storePath) {
      this.cache = { path: info.storePath, table: readTableFile(info.storePath), view: null };
    }
    return this.cache.table;
  }

  /**
   * Whether the run's kept results have this row (a row mark's evidence); a reopened run's family
   * is loaded from its results JSON first. False when the rows were not kept.
   */
  async rowExists(runId: string, target: { system: string; search: string; text: string }): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run) return false;
    for (const [key, info] of run.tables) {
      if (info.search !== target.search) continue;
      if (!info.storePath && run.loadFamily) await this.loadFamily(run, key.slice(0, key.indexOf('#')) as OsFamily);
      if (!info.storePath) continue;
      const table = readTableFile(info.storePath);
      const sys = table.header.indexOf('System Name');
      const text = table.header.indexOf('Matched Text');
      if (table.rows.some((r) => r[sys] === target.system && r[text] === target.text)) return true;
    }
    return false;
  }

  /**
   * The values a compare cell has in the run's kept results (a cell mark's evidence: the Compare
   * view's layout of the search, compare-grid.ts); null when no family of the run has both the
   * search and the system, its grid has no such column, or the rows were not kept.
   */
  async cellValues(runId: string, target: { system: string; search: string; column: string }): Promise<string[] | null> {
    const run = this.runs.get(runId);
    if (!run) return null;
    for (const fam of run.overview.families) {
      if (!fam.systems.some((s) => s.systemName === target.system)) continue;
      const search = fam.searches.find((s) => s.search === target.search);
      const info = search && run.tables.get(tableKey(fam.family, search.index));
      if (!info) continue;
      if (!info.storePath && run.loadFamily) await this.loadFamily(run, fam.family);
      if (!info.storePath) continue;
      const table = readTableFile(info.storePath);
      return gridCellValues(table.header, table.rows, [target]).get(`${target.system}\u0000${target.column}`) ?? null;
    }
    return null;
  }

  /** Stops serving a run without removing its folder (a retry of it took the folder over). */
  forget(runId: string): void {
    const run = this.runs.get(runId);
    if (!run) return;
    this.runs.delete(runId);
    if (this.cache && [...run.tables.values()].some((t) => t.storePath === this.cache?.path)) this.cache = null;
  }

  private loadFamily(run: StoredRun, family: OsFamily): Promise<void> {
    const loading = run.loading ?? new Map<OsFamily, Promise<void>>();
    run.loading = loading;
    let done = loading.get(family);
    if (!done) {
      const load = run.loadFamily;
      if (!load) return Promise.resolve();
      done = load(family).then((paths) => {
        for (const [index, path] of paths) {
          const info = run.tables.get(tableKey(family, index));
          if (info) info.storePath = path;
        }
      });
      // A failed load (file moved, unreadable) may be tried again on the next request.
      done.catch(() => loading.delete(family));
      loading.set(family, done);
    }
    return done;
  }

  async drop(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) return;
    this.runs.delete(runId);
    if (this.cache && [...run.tables.values()].some((t) => t.storePath === this.cache?.path)) this.cache = null;
    await rm(run.tempDir, { recursive: true, force: true });
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.runs.keys()].map((id) => this.drop(id)));
  }
}

/** A search's entry in the results overview; `labels` from its spec (steps/commit.ts). */
export function searchOverview(family: OsFamily, info: SearchTableInfo, labels: { title: string; area: string | null }): SearchOverview {
  return {
    family,
    index: info.index,
    search: info.search,
    sheet: info.sheet,
    title: labels.title,
    area: labels.area,
    comment: info.comment,
    header: info.header,
    totalRows: info.totalRows,
    systemsWithHits: info.systemsWithHits,
  };
}

export type FamilyOverview = { family: OsFamily; systems: SystemInfo[]; searches: SearchOverview[] };
