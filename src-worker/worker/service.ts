// The WorkerApi implementation. Runs inside a worker process (or in-process in tests).
import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DiscoveredFile } from '../engine/discover';
import { readSystemFile } from '../engine/system-file';
import { compileSearchSet } from '../engine/search/compile';
import { searchSystem } from '../engine/search/search-system';
import type { CheckResult, ResultRow, SearchSpec, SystemSearchResult } from '../engine/types';
import type {
  DetectOutcome,
  ExportFamilyRequest,
  ExportFamilyResult,
  ExportViewRequest,
  LoadedSearchSet,
  SearchSetSource,
  SearchTask,
  SearchTaskResult,
  SectionsResult,
  WorkerApi,
} from './api';
import type { SideMessage } from './protocol';
import { exportFamilyFromSpills } from './family-export';
import { sectionsOf } from './sections';
import { readSourceContext, readSourceSections } from '../engine/source-context';
import { diffRunFiles, openResultsInput } from '../engine/compare/results-input';
import { HeldRows } from './held-rows';
import { writeSpill } from './spill-file';
import { tableFileRows } from './table-file';
import { searchSetKey } from './set-key';
import { spillFolder, whileWriting } from './write-error';

type CompiledSearchSet = ReturnType<typeof compileSearchSet>;
interface CachedSet {
  searches: SearchSpec[];
  compiled: CompiledSearchSet;
}


// The exporter pulls in exceljs (~0.5 s of CPU to load): loaded on first use (or by warmUp),
// so that a new worker is ready for searching at once.
const loadExporter = () => import('../export');

/** Least time between two progress notes of one worker: the UI shows a few updates a second. */
const NOTE_EVERY_MS = 250;

export interface WorkerServiceOptions {
  notify(msg: SideMessage): void;
  /** Test hook (integration tests of crash recovery): a file whose relPath contains this kills the worker. */
  crashOn?: string | null;
  /**
   * Test hook: the export of this family kills the worker, once per `marker` file (created on the
   * way down), so that a run loses the rows that worker held and its retry succeeds.
   */
  crashOnExport?: { family: string; marker: string } | null;
  /** Budget of rows held in memory (held-rows.ts); 0 writes every result to its spill file. */
  holdBytes?: number;
}

export function createWorkerService(opts: WorkerServiceOptions): WorkerApi {
  const sets = new Map<string, CachedSet>();
  const held = new HeldRows(opts.holdBytes);

  function cached(key: string): CachedSet {
    const set = sets.get(key);
    if (!set) throw new Error(`search set ${key} is not loaded in this worker`);
    return set;
  }

  function remember(key: string, searches: SearchSpec[]): LoadedSearchSet {
    if (!sets.has(key)) sets.set(key, { searches, compiled: compileSearchSet(searches) });
    return { key, searchCount: searches.length };
  }

  /** Progress notes (lines of a file, rows of an export) at most every NOTE_EVERY_MS. */
  let lastNote = 0;
  const noteNow = (): boolean => {
    const now = performance.now();
    if (now - lastNote < NOTE_EVERY_MS) return false;
    lastNote = now;
    return true;
  };

  async function searchOne(task: SearchTask): Promise<SearchTaskResult> {
    opts.notify({ type: 'file', taskId: task.taskId, relPath: task.file.relPath });
    lastNote = performance.now();
    if (opts.crashOn && task.file.relPath.includes(opts.crashOn)) process.kill(process.pid, 'SIGKILL');
    const read = await readSystemFile(task.file);
    if (!read.ok) return { ok: false, taskId: task.taskId, relPath: task.file.relPath, skipped: read.skipped };
    const set = cached(task.setKey);
    let result: SystemSearchResult;
    if (task.diagnose) {
      // One search at a time, announced first: if this attempt hangs too, the watchdog knows which.
      const indexes = task.only ?? set.searches.map((s) => s.index);
      const bySearch = new Map(set.searches.map((s) => [s.index, s]));
      const rowsBySearch: Record<number, ResultRow[]> = {};
      const checks: CheckResult[] = [];
      let linesRead = 0;
      let bytesRead = 0;
      for (const index of indexes) {
        const spec = bySearch.get(index);
        opts.notify({ type: 'search', taskId: task.taskId, relPath: task.file.relPath, search: spec?.name ?? `#${index}`, index });
        const part = searchSystem(read.lines, read.system, set.compiled, [index]);
        Object.assign(rowsBySearch, part.rowsBySearch);
        checks.push(...part.checks);
        linesRead = Math.max(linesRead, part.linesRead);
        bytesRead = Math.max(bytesRead, part.bytesRead);
      }
      result = { systemName: read.system.systemName, relPath: read.system.relPath, rowsBySearch, checks, linesRead, bytesRead };
    } else {
      const relPath = task.file.relPath;
      const total = read.lines.length;
      result = searchSystem(read.lines, read.system, set.compiled, task.only, (line, searches) => {
        if (noteNow()) opts.notify({ type: 'lines', taskId: task.taskId, relPath, searches, line, lines: total });
      });
    }
    let kept = false;
    await whileWriting(`the search results of ${task.file.relPath}`, dirname(task.spillPath), async () => {
      if (task.hold) kept = await held.keep(task.spillPath, result.rowsBySearch, read.system.sizeBytes);
      else await writeSpill(task.spillPath, result.rowsBySearch);
    });
    const rowCounts: Record<number, number> = {};
    for (const [index, rows] of Object.entries(result.rowsBySearch)) if (rows.length) rowCounts[Number(index)] = rows.length;
    return {
      ok: true,
      taskId: task.taskId,
      relPath: task.file.relPath,
      system: read.system,
      rowCounts,
      checks: result.checks,
      linesRead: result.linesRead,
      bytesRead: result.bytesRead,
      spillPath: task.spillPath,
      held: kept,
    };
  }

  return {
    async warmUp() {
      const started = Date.now();
      await loadExporter();
      return { pid: process.pid, ms: Date.now() - started };
    },

    async loadSearchSet(source: SearchSetSource) {
      if (source.kind === 'specs') return remember(source.key, source.searches);
      // Loaded on demand: the YAML parser costs each worker ~50 ms to load, and the app and CLI send
      // the searches already loaded ('specs').
      const { loadSearchSet } = await import('../engine/config/load');
      const set = await loadSearchSet(source.rootFile, source.libraryDir ? { libraryDir: source.libraryDir } : undefined);
      return remember(searchSetKey(set.searches), set.searches);
    },

    async hasSearchSet(key: string) {
      return sets.has(key);
    },

    async detectSystems(files: DiscoveredFile[]): Promise<DetectOutcome[]> {
      const out: DetectOutcome[] = [];
      for (const file of files) {
        const read = await readSystemFile(file);
        out.push(read.ok ? { ok: true, system: read.system } : { ok: false, skipped: read.skipped });
      }
      return out;
    },

    async searchFiles(tasks: SearchTask[]) {
      const out: SearchTaskResult[] = [];
      for (const task of tasks) out.push(await searchOne(task));
      return out;
    },

    async exportFamily(req: ExportFamilyRequest): Promise<ExportFamilyResult> {
      const crash = opts.crashOnExport;
      if (crash && crash.family === req.family && !existsSync(crash.marker)) {
        writeFileSync(crash.marker, `${process.pid}\n`);
        process.kill(process.pid, 'SIGKILL');
      }
      const t0 = performance.now();
      const exporter = await loadExporter();
      const loadMs = Math.round(performance.now() - t0);
      let lastStep: string | null = null;
      const result = await exportFamilyFromSpills(req, cached(req.setKey).searches, exporter, {
        log: (text) => opts.notify({ type: 'log', level: 'debug', text: `export ${text}${loadMs > 50 ? ` (exporter loaded in ${loadMs} ms)` : ''}` }),
        // A new step is always told; rows within a step a few times a second.
        onProgress: (p) => {
          if (p.step === lastStep && !noteNow()) return;
          lastStep = p.step;
          opts.notify({ type: 'export', family: req.family, ...p });
        },
        spills: held,
      });
      held.release({ paths: req.spills.flat() });
      return result;
    },

    async flushHeld(spillPaths: string[]) {
      return whileWriting('search results held in memory', spillFolder(spillPaths), () => held.flush(spillPaths));
    },

    async releaseHeld(prefix: string) {
      held.release({ prefix });
    },

    async exportView(req: ExportViewRequest): Promise<{ path: string; rows: number }> {
      const exporter = await loadExporter();
      const { tablePath, outPath, facts, ...sheet } = req;
      const result = await exporter.exportViewWorkbook({ ...sheet, view: { facts }, rows: () => tableFileRows(tablePath) }, outPath);
      return { path: result.path, rows: result.rows };
    },

    async listSections(files: DiscoveredFile[]): Promise<SectionsResult[]> {
      const out: SectionsResult[] = [];
      for (const file of files) {
        const read = await readSystemFile(file);
        out.push(
          read.ok
            ? { relPath: file.relPath, sections: sectionsOf(read.lines), reason: null }
            : { relPath: file.relPath, sections: null, reason: read.skipped.reason },
        );
      }
      return out;
    },

    sourceContext(req) {
      return readSourceContext(req.path, req.sha384, req.hit, req.radius, req.hits);
    },

    sourceSections(path, sha384) {
      return readSourceSections(path, sha384);
    },

    async diffResults(older, newer) {
      const open = async (files: string[]) => (await Promise.all(files.map((f) => openResultsInput(f)))).flat();
      return diffRunFiles(await open(older), await open(newer));
    },
  };
}
