// `kpat diff OLD NEW`: what changed between two runs, from their results folders or results
// JSON files. Prints a summary per family and search; `--json FILE` writes the whole difference,
// `-o DIR` a Changes workbook.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FamilyDiff, RunDiff } from '../../src-worker/engine/compare/run-diff';
import { diffRunFiles, openResultsInput, ResultsInputError, type FamilyResultsFile } from '../../src-worker/engine/compare/results-input';
import { commitPartial, discardPartial, partialPath } from '../../src-worker/export/atomic';
import { parseStrict, UsageError } from './options';
import type { CliEnv } from './run-cli';

export const DIFF_HELP = `Usage: kpat diff OLD NEW [options]

Compare two runs: OLD and NEW are results folders or results JSON files of this app
(written with --json). Rows are matched without their line numbers and in any order;
a row whose key (the system and the search's first field) stays but whose value
differs is "changed". Systems present in only one run are listed as such.

Options:
      --json FILE          write the whole difference as JSON
  -o, --out-path DIR       write a Changes workbook (Changes-<YYYYMMDD-HHMMSS>.xlsx) into DIR
  -q, --quiet              print nothing but errors
  -h, --help               this help

Exit codes: 0 compared (whether or not anything changed), 1 an input is not a results
folder or JSON of this app, the two runs share no OS family, or a usage error.`;

const EXIT_OK = 0;
const EXIT_BAD = 1;

/** The `--json` document: rows in each search's `header` order. */
export function diffJson(diff: RunDiff, older: string, newer: string): unknown {
  return {
    older,
    newer,
    families: diff.families.map((f) => ({
      family: f.family,
      systems: f.systems,
      searches: f.searches.map((s) => ({ search: s.search, sheet: s.sheet, header: s.header, keyField: s.keyField, added: s.added, removed: s.removed, changed: s.changed })),
    })),
    onlyOlder: diff.onlyOlder,
    onlyNewer: diff.onlyNewer,
  };
}

function familySummary(f: FamilyDiff): string[] {
  const lines: string[] = [];
  const total = f.searches.reduce((n, s) => n + s.added.length + s.removed.length + s.changed.length, 0);
  lines.push(`${f.family}: ${total === 0 ? 'no rows changed' : `${total} rows changed in ${f.searches.length} searches`}`);
  if (f.systems.added.length) lines.push(`  systems only in NEW: ${f.systems.added.join(', ')}`);
  if (f.systems.removed.length) lines.push(`  systems only in OLD: ${f.systems.removed.join(', ')}`);
  for (const s of f.searches) {
    const parts = [`+${s.added.length} added`, `-${s.removed.length} removed`, `~${s.changed.length} changed`];
    lines.push(`  ${s.sheet} (${s.search}): ${parts.join(', ')}`);
  }
  return lines;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = partialPath(file);
  try {
    await writeFile(temp, text);
    await commitPartial(temp, file);
  } catch (err) {
    await discardPartial(temp);
    throw err;
  }
}

export async function runDiffCli(argv: readonly string[], env: Pick<CliEnv, 'cwd' | 'stdout' | 'stderr'>): Promise<number> {
  const fail = (message: string, hint = false): number => {
    env.stderr.write(`error: ${message}\n${hint ? 'Run "kpat diff --help" for the options.\n' : ''}`);
    return EXIT_BAD;
  };
  let parsed;
  try {
    parsed = parseStrict(argv, {
      json: { type: 'string' },
      'out-path': { type: 'string', short: 'o' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    });
  } catch (err) {
    if (err instanceof UsageError) return fail(err.message, true);
    throw err;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    env.stdout.write(`${DIFF_HELP}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 2) return fail(`kpat diff takes two runs, OLD and NEW (got ${positionals.length})`, true);
  const [oldPath, newPath] = positionals.map((p) => resolve(env.cwd, p)) as [string, string];

  let older: FamilyResultsFile[];
  let newer: FamilyResultsFile[];
  let diff: RunDiff;
  try {
    older = await openResultsInput(oldPath);
    newer = await openResultsInput(newPath);
    if (!newer.some((n) => older.some((o) => o.family === n.family))) {
      const list = (runs: FamilyResultsFile[]): string => runs.map((r) => r.family).join(', ');
      return fail(`the two runs share no OS family: OLD has ${list(older)}, NEW has ${list(newer)}`);
    }
    diff = await diffRunFiles(older, newer);
  } catch (err) {
    if (err instanceof ResultsInputError) return fail(err.message);
    throw err;
  }

  const say = (text: string): void => {
    if (!values.quiet) env.stdout.write(`${text}\n`);
  };
  for (const f of diff.families) for (const line of familySummary(f)) say(line);
  for (const f of diff.onlyOlder) say(`${f}: only in OLD, not compared`);
  for (const f of diff.onlyNewer) say(`${f}: only in NEW, not compared`);

  try {
    if (values.json !== undefined) {
      const file = resolve(env.cwd, values.json);
      await writeAtomically(file, `${JSON.stringify(diffJson(diff, oldPath, newPath))}\n`);
      say(`Difference written to ${file}`);
    }
    if (values['out-path'] !== undefined) {
      const { exportChangesWorkbook } = await import('../../src-worker/export');
      const byFamily = new Map(older.map((o) => [o.family, o.file]));
      const changes = diff.families.map((d) => ({ against: byFamily.get(d.family) ?? oldPath, diff: d }));
      const written = await exportChangesWorkbook(changes, resolve(env.cwd, values['out-path']), { timestamp: new Date(), newer: newPath });
      say(`Changes workbook written to ${written.path}`);
    }
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  return EXIT_OK;
}
