// `kpat scripts`: the headless front end of the same core the desktop app uses.
// Only this process writes to the terminal; workers send their log lines here.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ConfigLoadError, formatProblem, loadSearchSet } from '../../src-worker/engine/config/load';
import { discoverFiles, noFilesMessage, type DiscoveredFile } from '../../src-worker/engine/discover';
import { readSystemFile } from '../../src-worker/engine/system-file';
import { searchFamilies } from '../../src-worker/engine/filters';
import { OS_FAMILIES, type SearchSet } from '../../src-worker/engine/types';
import { sectionsOf } from '../../src-worker/worker/sections';
import { configReport } from '../../src-worker/library/config-report';
import type { SystemInfo } from '../../src-worker/engine/types';
import type { RunEvent, RunOutcome, RunSummary } from '../contract/ipc';
import { nodeLauncher } from '../core/pool/node-transport';
import { WorkerPool, type WorkerLog } from '../core/pool/worker-pool';
import { JobRunner } from '../core/run/job-runner';
import { failedFileLine } from '../core/run/outcome';
import { counted } from '../core/run/wording';
import { parseCli, SCRIPTS_HELP, UsageError, type ScriptsOptions } from './options';
import { ProgressBar } from './progress-bar';
import { runDiffCli } from './diff-cli';
import { openResultsInput } from '../../src-worker/engine/compare/results-input';

/**
 * Exit codes (README "Using the CLI"): 0 complete; 1 usage or configuration error, or a failed
 * run (nothing could be searched or exported); 2 no input files; 3 partial (results written, but
 * some files failed: each named in the closing summary); 130 interrupted (Ctrl-C); 143 terminated
 * (SIGTERM or SIGHUP).
 */
export const EXIT = { ok: 0, usage: 1, failed: 1, noInput: 2, partial: 3, interrupted: 130, terminated: 143 } as const;

const EXIT_BY_OUTCOME: Record<RunOutcome, number> = { complete: EXIT.ok, partial: EXIT.partial, failed: EXIT.failed, cancelled: EXIT.interrupted };

/** The signals that stop a run: SIGINT asks (then insists), the other two stop at once. */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export interface CliEnv {
  cwd: string;
  libraryDir: string | null;
  /** Built worker module (out/main/worker.js). */
  workerModule: string;
  appVersion: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Registers a Ctrl-C (SIGINT) / SIGTERM / SIGHUP handler for the duration of a run; returns the remover. */
  onInterrupt(handler: (signal: StopSignal) => void): () => void;
  /** Per-file watchdog (seconds). */
  perFileTimeoutSec?: number;
  /** Extra Node options for the workers (diagnostics, e.g. --cpu-prof). */
  workerExecArgv?: string[];
}

class Output {
  readonly bar: ProgressBar | null;
  constructor(
    private readonly env: CliEnv,
    private readonly opts: Pick<ScriptsOptions, 'quiet' | 'verbose'>,
  ) {
    this.bar = env.stderr.isTTY && !opts.quiet ? new ProgressBar(env.stderr) : null;
  }
  info(text: string): void {
    if (this.opts.quiet) return;
    this.bar?.clear();
    this.env.stdout.write(`${text}\n`);
  }
  detail(text: string): void {
    if (this.opts.verbose) this.info(text);
  }
  warn(text: string): void {
    this.bar?.clear();
    this.env.stderr.write(`warning: ${text}\n`);
  }
  error(text: string): void {
    this.bar?.clear();
    this.env.stderr.write(`error: ${text}\n`);
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ')).join('\n');
}

function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

export async function runCli(argv: readonly string[], env: CliEnv): Promise<number> {
  if (argv[0] === 'diff') return runDiffCli(argv.slice(1), env);
  let parsed;
  try {
    parsed = parseCli(argv, { cwd: env.cwd, libraryDir: env.libraryDir });
  } catch (err) {
    if (err instanceof UsageError) {
      env.stderr.write(`error: ${err.message}\nRun "kpat --help" for the options.\n`);
      return EXIT.usage;
    }
    throw err;
  }
  if (parsed.kind === 'help') {
    env.stdout.write(`${SCRIPTS_HELP}\n`);
    return EXIT.ok;
  }
  if (parsed.kind === 'version') {
    env.stdout.write(`kpat ${env.appVersion}\n`);
    return EXIT.ok;
  }
  const opts = parsed.options;
  const out = new Output(env, opts);
  try {
    switch (opts.action) {
      case 'list-audit-configs':
        return await listAuditConfigs(opts, out);
      case 'config-report':
        return await printConfigReport(opts, out, env);
      case 'list-sections':
        return await listSections(opts, out, env);
      case 'list-source-files':
        return await listSourceFiles(opts, out, env);
      case 'list-systems':
        return await listSystems(opts, out, env);
      case 'process':
        return await processOnPool(opts, out, env);
    }
  } catch (err) {
    if (err instanceof ConfigLoadError) {
      for (const p of err.problems) out.error(formatProblem(p));
      return EXIT.usage;
    }
    out.error(err instanceof Error ? err.message : String(err));
    return EXIT.usage;
  }
}

async function loadSet(opts: ScriptsOptions): Promise<SearchSet> {
  return loadSearchSet(opts.confFile, opts.libraryDir ? { libraryDir: opts.libraryDir } : {});
}

function familyCounts(set: SearchSet): string {
  const counts = new Map<string, number>();
  for (const spec of set.searches) for (const f of searchFamilies(spec)) counts.set(f, (counts.get(f) ?? 0) + 1);
  return OS_FAMILIES.map((f) => `${f} ${counts.get(f) ?? 0}`).join(', ');
}

async function listAuditConfigs(opts: ScriptsOptions, out: Output): Promise<number> {
  if (!opts.libraryDir) {
    out.error('the built-in search library was not found');
    return EXIT.usage;
  }
  const names = readdirSync(opts.libraryDir).filter((n) => n.endsWith('.yaml')).sort();
  const rows: string[][] = [['Search set', 'Searches', 'Per family']];
  for (const name of names) {
    try {
      const set = await loadSearchSet(join(opts.libraryDir, name), { libraryDir: opts.libraryDir });
      rows.push([name.replace(/\.yaml$/, ''), String(set.searches.length), opts.verbose ? familyCounts(set) : '']);
    } catch (err) {
      const n = err instanceof ConfigLoadError ? `${err.problems.length} problem(s)` : String(err);
      rows.push([name.replace(/\.yaml$/, ''), 'invalid', n]);
    }
  }
  out.info(table(rows));
  out.info(`Total search sets: ${names.length}  (library: ${opts.libraryDir})`);
  return EXIT.ok;
}

/** The files to read; entries that match but cannot be read are warned about, naming each. */
async function findFiles(opts: ScriptsOptions, out: Output, warnDropped = true): Promise<DiscoveredFile[]> {
  const discovery = await discoverFiles(opts.startDir, opts.filespec, { exclude: [opts.outDir] });
  if (warnDropped) for (const d of discovery.dropped) out.warn(`Skipped ${d.relPath}: ${d.reason}`);
  if (discovery.files.length === 0) out.warn(noFilesMessage(discovery, opts.startDir, opts.filespec));
  return discovery.files;
}

async function listSourceFiles(opts: ScriptsOptions, out: Output, env: CliEnv): Promise<number> {
  const files = await findFiles(opts, out);
  if (files.length === 0) return EXIT.noInput;
  env.stdout.write(`${table([['File Path', 'Size'], ...files.map((f) => [f.relPath, sizeText(f.sizeBytes)])])}\n`);
  env.stdout.write(`Total source files found: ${files.length}\n`);
  return EXIT.ok;
}

/** Detects the systems among the files; skipped files are warned about, naming each. */
async function detectSystems(files: DiscoveredFile[], out: Output): Promise<SystemInfo[]> {
  const systems: SystemInfo[] = [];
  for (const file of files) {
    const read = await readSystemFile(file);
    if (read.ok) systems.push(read.system);
    else out.warn(`Skipped ${read.skipped.relPath}: ${read.skipped.reason}`);
  }
  return systems;
}

async function listSystems(opts: ScriptsOptions, out: Output, env: CliEnv): Promise<number> {
  const files = await findFiles(opts, out);
  if (files.length === 0) return EXIT.noInput;
  const head = opts.verbose
    ? ['System Name', 'File Hash', 'OS Family', 'Producer', 'Version', 'OS', 'Host Name']
    : ['System Name', 'File Hash'];
  const rows: string[][] = [head];
  for (const s of await detectSystems(files, out)) {
    const hash = `${s.sha384.slice(0, 16)}...`;
    rows.push(opts.verbose ? [s.systemName, hash, s.osFamily, s.producer, s.producerVersion, s.systemOs ?? '', s.hostName ?? ''] : [s.systemName, hash]);
  }
  env.stdout.write(`${table(rows)}\nTotal systems found: ${rows.length - 1}\n`);
  return EXIT.ok;
}

/** `--config-report`: the whole search set, and which systems of the start folder each search applies to. */
async function printConfigReport(opts: ScriptsOptions, out: Output, env: CliEnv): Promise<number> {
  const set = await loadSet(opts); // its warnings are part of the report
  const { files } = await discoverFiles(opts.startDir, opts.filespec, { exclude: [opts.outDir] });
  env.stdout.write(configReport(set, await detectSystems(files, out)).text);
  return EXIT.ok;
}

async function listSections(opts: ScriptsOptions, out: Output, env: CliEnv): Promise<number> {
  const files = await findFiles(opts, out);
  if (files.length === 0) return EXIT.noInput;
  for (const file of files) {
    const read = await readSystemFile(file);
    if (!read.ok) {
      out.warn(`Skipped ${read.skipped.relPath}: ${read.skipped.reason}`);
      continue;
    }
    const sections = sectionsOf(read.lines);
    env.stdout.write(`${file.relPath} (${read.system.osFamily}, ${sections.length} sections)\n`);
    for (const s of sections) env.stdout.write(`  ${s.name}${opts.verbose ? `  ${s.lines} lines` : ''}\n`);
  }
  return EXIT.ok;
}

/**
 * The closing summary: the outcome, each failed file once with its reason, the workbooks with
 * their rows per family, the families that got none and why, the output folder and the time.
 */
export function closingSummary(summary: RunSummary): { errors: string[]; lines: string[] } {
  // A failed run's error came as an error event already (printed as it happened).
  const errors = summary.failedFiles.map(failedFileLine);
  const partialFiles = summary.failedFiles.filter((f) => f.partial).length;
  const failedFiles = summary.failedFiles.length - partialFiles;
  // A family whose export failed was named as it happened (an error line).
  const familiesFailed = summary.familiesWithoutWorkbook.filter((f) => f.exportFailed).length;
  const lines: string[] = [];
  const seconds = `${(summary.elapsedMs / 1000).toFixed(2)} s`;
  const head: Record<RunOutcome, string> = {
    complete: `Complete: searched ${counted(summary.systems, 'system')}`,
    partial:
      `Partial: searched ${summary.filesSearched} of ${counted(summary.filesTotal, 'file')}, ${failedFiles} failed` +
      `${partialFiles ? `, ${partialFiles} with a search left out` : ''}` +
      `${familiesFailed ? `, ${counted(familiesFailed, 'workbook')} not written` : ''}${summary.failedFiles.length || familiesFailed ? ' (named above)' : ''}`,
    failed: 'Failed: nothing was exported',
    cancelled: `Cancelled: ${summary.filesSearched} of ${counted(summary.filesTotal, 'file')} searched`,
  };
  lines.push(`${head[summary.outcome]} in ${seconds}`);
  for (const f of summary.families) {
    const files = [f.workbookPath, f.jsonPath].filter((p): p is string => p !== null).map((p) => basename(p));
    lines.push(`  ${f.family}: ${counted(f.systems, 'system')}, ${counted(f.rows, 'row')} → ${files.join(', ')}`);
  }
  if (summary.reportPath) lines.push(`  Report → ${basename(summary.reportPath)}`);
  for (const f of summary.familiesWithoutWorkbook) lines.push(`  ${f.family}: no workbook (${f.reason})`);
  if (summary.families.length === 0 && summary.outcome !== 'failed') lines.push('  No results files were written.');
  lines.push(`Output folder: ${summary.outputDir}`);
  return { errors, lines };
}

function reportSummary(summary: RunSummary, out: Output): void {
  const { errors, lines } = closingSummary(summary);
  for (const e of errors) out.error(e);
  for (const l of lines) out.info(l);
}

/**
 * `-p N`: the worker pool with N Node child processes, driven by the JobRunner — `-p 1` too: one
 * worker process searches faster than this process alone (the exports and this process's own work
 * overlap), and it keeps the watchdog and crash isolation (120 systems: 12.1-12.3 s against
 * 12.6-12.9 s in-process; 6 files: ~0.1 s slower, for the worker's start).
 */
async function processOnPool(opts: ScriptsOptions, out: Output, env: CliEnv): Promise<number> {
  // A worker's warnings (a watchdog stop, a death, its stderr) are news with -v: what they did to
  // the run comes as the runner's own events, and each failed file is named once at the end.
  const log: WorkerLog = (level, slot, text) => (level === 'error' ? out.warn(`worker ${slot}: ${text}`) : out.detail(`worker ${slot}: ${text}`));
  const pool = new WorkerPool({
    launcher: nodeLauncher,
    worker: { modulePath: env.workerModule, ...(env.workerExecArgv ? { execArgv: env.workerExecArgv } : {}) },
    size: opts.workers,
    log,
    warmUp: true,
  });
  // warmUp: each worker loads the exporter while this process is still loading the search set.
  // The first Ctrl-C lets the files being searched finish, each under its watchdog (the per-file
  // timeout), however slow the machine: a second Ctrl-C is there to stop at once. (The app's Cancel
  // gives them a few seconds, then its button is Force stop.)
  const perFileTimeoutSec = env.perFileTimeoutSec ?? 120;
  const runner = new JobRunner({ pool, appVersion: env.appVersion, filespec: opts.filespec, keepResults: false, cancelGraceMs: perFileTimeoutSec * 1000 });
  // Registered before anything slow and kept until the pool is closed, so no Ctrl-C finds the
  // process without a handler (see main.ts); one before the run exists cancels it as it starts.
  let runId: string | null = null;
  const interrupts = countInterrupts(env, out, 'finishing the files being searched, then writing their results', (force) => {
    if (runId !== null) void runner.cancel(runId, force ? 'force' : 'keep');
  });
  try {
    // An earlier run that is not one is refused before anything is searched.
    if (opts.compareWith !== null) await openResultsInput(opts.compareWith);
    // The run lists what it could not read (its skipped list, as warnings): not twice here.
    const files = await findFiles(opts, out, false);
    if (files.length === 0) return EXIT.noInput;
    out.detail(`Search set: ${opts.confFile}\nStart folder: ${opts.startDir}\nOutput folder: ${opts.outDir}\nWorkers: ${opts.workers}`);
    let foundReported = false;
    let lastPhase = '';
    runner.onEvent((event: RunEvent) => {
      if (event.type === 'progress') {
        const p = event.progress;
        if (p.phase !== lastPhase) {
          lastPhase = p.phase;
          out.detail(`[${(p.elapsedMs / 1000).toFixed(2)} s] ${p.phase}`);
        }
        if (p.phase === 'searching' && !foundReported) {
          foundReported = true;
          out.info(`Found ${p.filesTotal} files to process`);
        }
        out.bar?.update(p);
      } else if (event.type === 'warning') {
        // A retry is news only with -v: whether the file then failed is in the closing summary.
        if (event.kind === 'retry') out.detail(event.message);
        else out.warn(event.message);
      } else if (event.type === 'error') {
        // Failed files are named once, in the closing summary.
        if (event.kind !== 'file-failed') out.error(event.message);
      }
    });
    runId = (
      await runner.start({
        root: opts.startDir,
        searchSetFile: opts.confFile,
        searchSetTitle: basename(opts.confFile),
        libraryDir: opts.libraryDir,
        outputDir: opts.outDir,
        workerCount: opts.workers,
        perFileTimeoutSec,
        writeJson: opts.json,
        writeReport: opts.report,
        compareWith: opts.compareWith,
        compareSheets: opts.compareSheets,
      })
    ).runId;
    if (interrupts.count() > 0) void runner.cancel(runId, interrupts.force() ? 'force' : 'keep');
    const summary = await runner.whenDone(runId);
    out.bar?.clear();
    reportSummary(summary, out);
    if (interrupts.terminatedBy() !== null && summary.outcome === 'cancelled') return EXIT.terminated;
    return EXIT_BY_OUTCOME[summary.outcome];
  } finally {
    out.bar?.clear();
    try {
      await runner.dispose();
      await pool.close();
    } finally {
      interrupts.remove();
    }
  }
}

/**
 * Counts Ctrl-Cs from now until `remove()`. The first one only asks to stop (`firstMessage` says
 * how); a second one, or a SIGTERM / SIGHUP, stops at once. `act` gets whether to stop at once.
 */
function countInterrupts(
  env: CliEnv,
  out: Output,
  firstMessage: string,
  act: (force: boolean) => void,
): { count(): number; force(): boolean; terminatedBy(): StopSignal | null; remove(): void } {
  let count = 0;
  let terminated: StopSignal | null = null;
  const force = (): boolean => count > 1 || terminated !== null;
  const remove = env.onInterrupt((signal) => {
    count++;
    if (signal !== 'SIGINT') {
      terminated ??= signal;
      out.warn(`Terminated (${signal}): stopping now, removing the run's temporary files`);
    } else out.warn(count === 1 && terminated === null ? `Interrupted: ${firstMessage} (Ctrl-C again to stop at once and write nothing)` : 'Stopping now');
    act(force());
  });
  return { count: () => count, force, terminatedBy: () => terminated, remove };
}
