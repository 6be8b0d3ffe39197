// `kpat scripts` options (issue 2 §4), parsed with node:util parseArgs and validated up front,
// before any action runs (as the old tool does).
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveConfigPath } from '../../src-worker/engine/config/load';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type CliAction = 'list-audit-configs' | 'config-report' | 'list-sections' | 'list-source-files' | 'list-systems' | 'process';

export interface ScriptsOptions {
  action: CliAction;
  /** Absolute path of the main YAML file. */
  confFile: string;
  startDir: string;
  filespec: string;
  outDir: string;
  workers: number;
  json: boolean;
  report: boolean;
  /** `--compare-with`: an earlier run's results folder or JSON (absolute), or null. */
  compareWith: string | null;
  /** `--compare-sheet` (repeatable): searches (YAML keys) that get a Compare sheet. */
  compareSheets: string[];
  quiet: boolean;
  verbose: boolean;
  libraryDir: string | null;
}

export const MAX_WORKERS = 64;

export function defaultWorkers(): number {
  return Math.min(4, availableParallelism());
}

export const SCRIPTS_HELP = `Usage: kpat scripts [options]
       kpat diff OLD NEW [--json FILE] [-o DIR]   (see kpat diff --help)

Run the YAML-defined searches over audit-script result files and write one Excel workbook
per OS family.

Options:
  -c, --conf FILE          search set: a YAML file, or a name in the built-in library
                           (default: all, when the library has it)
  -d, --start-dir DIR      folder searched recursively for input files (default: .)
  -f, --filespec GLOB      input file pattern (default: *.txt)
  -o, --out-path DIR       output folder, relative to the start folder (default: results);
                           it is never scanned for input
  -p, --parallel N         worker processes (default: min(4, cores))
      --json               also write <Family>_search_results-<YYYYMMDD-HHMMSS>.json
      --report             also write kpat_report-<YYYYMMDD-HHMMSS>.html: the printable report
                           (summary, systems, checks, findings with evidence, evidence manifest)
      --compare-with OLD   add a Changes sheet to each workbook: the rows added, removed
                           and changed since OLD (an earlier run's results folder or JSON)
      --compare-sheet SEARCH
                           add a "Compare <sheet>" sheet for the search SEARCH (its YAML
                           key): a row per system, a column per field or setting, the
                           values that differ from the majority highlighted (repeatable)
      --list-audit-configs list the search sets of the built-in library
      --list-source-files  list the input files found
      --list-systems       list the systems detected in the input files
      --list-sections      list the sections found in each input file
      --config-report      every search of the set: OS family, filters, options, comment,
                           and which of the systems in the start folder it applies to
  -q, --quiet              only warnings and errors
  -v, --verbose            more detail
  -h, --help               this help
      --version            print the version

Exit codes: 0 success, 1 usage or configuration error, 2 no input files, 130 interrupted
(Ctrl-C once: cancel; twice: stop at once).`;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export type ParsedCli = { kind: 'help' } | { kind: 'version' } | { kind: 'scripts'; options: ScriptsOptions };

/** node:util parseArgs, strict, with positionals; a parse error is a UsageError. */
export function parseStrict<const O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function parseCli(argv: readonly string[], env: { cwd: string; libraryDir: string | null }): ParsedCli {
  const { values, positionals } = parseStrict(argv, {
    conf: { type: 'string', short: 'c' },
    'start-dir': { type: 'string', short: 'd' },
    filespec: { type: 'string', short: 'f' },
    'out-path': { type: 'string', short: 'o' },
    parallel: { type: 'string', short: 'p' },
    json: { type: 'boolean' },
    report: { type: 'boolean' },
    'compare-with': { type: 'string' },
    'compare-sheet': { type: 'string', multiple: true },
    'list-audit-configs': { type: 'boolean' },
    'list-source-files': { type: 'boolean' },
    'list-systems': { type: 'boolean' },
    'list-sections': { type: 'boolean' },
    'config-report': { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
  });
  if (values.version) return { kind: 'version' };
  if (values.help || positionals.length === 0) return { kind: 'help' };
  if (positionals[0] !== 'scripts') throw new UsageError(`unknown command "${positionals[0]}" (the commands are: kpat scripts, kpat diff)`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);

  const startDir = resolve(env.cwd, values['start-dir'] ?? '.');
  if (!isDir(startDir)) throw new UsageError(`start folder ${startDir} does not exist`);

  const filespec = values.filespec ?? '*.txt';
  if (filespec.trim() === '') throw new UsageError('--filespec must not be empty');

  const outValue = values['out-path'] ?? 'results';
  if (outValue.trim() === '') throw new UsageError('--out-path must not be empty');
  const outDir = isAbsolute(outValue) ? outValue : resolve(startDir, outValue);

  let workers = defaultWorkers();
  if (values.parallel !== undefined) {
    workers = Number(values.parallel);
    if (!/^\d+$/.test(values.parallel) || workers < 1 || workers > MAX_WORKERS) {
      throw new UsageError(`--parallel must be a whole number from 1 to ${MAX_WORKERS}, got "${values.parallel}"`);
    }
  }

  const compareWith = values['compare-with'] === undefined ? null : resolve(env.cwd, values['compare-with']);
  if (compareWith !== null && !isDir(compareWith) && !isFile(compareWith)) throw new UsageError(`--compare-with: ${compareWith} does not exist`);

  let confValue = values.conf;
  if (confValue === undefined) {
    if (env.libraryDir && isFile(resolve(env.libraryDir, 'all.yaml'))) confValue = 'all';
    else if (!values['list-audit-configs']) throw new UsageError('--conf is required (the built-in search library has no "all" set)');
  }
  let confFile = '';
  if (confValue !== undefined) {
    const found = resolveConfigPath(confValue, { cwd: env.cwd, libraryDir: env.libraryDir });
    if (!found) {
      throw new UsageError(
        `search set "${confValue}" not found (neither a file nor a name in the built-in library${env.libraryDir ? ` ${env.libraryDir}` : ''})`,
      );
    }
    confFile = found;
  }

  // Only one action runs; the first flag in this order wins (the old tool's precedence).
  const listActions = ['list-audit-configs', 'config-report', 'list-sections', 'list-source-files', 'list-systems'] as const;
  const action: CliAction = listActions.find((a) => values[a]) ?? 'process';
  return {
    kind: 'scripts',
    options: {
      action,
      confFile,
      startDir,
      filespec,
      outDir,
      workers,
      json: values.json ?? false,
      report: values.report ?? false,
      compareWith,
      compareSheets: values['compare-sheet'] ?? [],
      quiet: values.quiet ?? false,
      verbose: values.verbose ?? false,
      libraryDir: env.libraryDir,
    },
  };
}
