// Helpers for integration tests that start real worker processes from the BUILT worker
// (out/main/worker.js; `npx electron-vite build` first).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..', '..');
export const referenceDir = resolve(repoRoot, '../shared/reference');
export const auditAll = join(referenceDir, 'conf.d', 'audit-all.yaml');

/**
 * A private copy of the built main bundle, so that a build started by someone else while the
 * tests run cannot pull the worker away. It stays under node_modules so that the bundle's
 * external packages (comlink, exceljs, yaml) resolve.
 */
export function builtBundle(): { worker: string; cli: string; dir: string } {
  const out = join(repoRoot, 'out', 'main');
  if (!existsSync(join(out, 'worker.js')) || !existsSync(join(out, 'cli.js'))) {
    throw new Error(`${out}/worker.js is missing: run "npx electron-vite build" before the integration tests`);
  }
  const base = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(base, { recursive: true });
  const copy = mkdtempSync(join(base, 'kpat-itest-'));
  cpSync(out, join(copy, 'main'), { recursive: true });
  return { worker: join(copy, 'main', 'worker.js'), cli: join(copy, 'main', 'cli.js'), dir: copy };
}

/** The reference result files, `copies` times each (copy k in folder `set<k>`). */
export function makeCorpus(copies: number, extra?: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpat-corpus-'));
  const sources = ['linux', 'windows', 'macos'].flatMap((os) =>
    readdirSync(join(referenceDir, 'testdata', os)).map((f) => join(referenceDir, 'testdata', os, f)),
  );
  for (let k = 0; k < copies; k++) {
    const sub = join(dir, `set${k}`);
    mkdirSync(sub, { recursive: true });
    for (const src of sources) writeFileSync(join(sub, basename(src).replace(/\.txt$/, `-${k}.txt`)), readFileSync(src));
  }
  extra?.(dir);
  return dir;
}

/**
 * The JSON results of an output folder, by family (file names carry a timestamp; contents do
 * not). The run facts (`run`: outcome, failed files) are left out: they are not results, and
 * the tests of outcomes read them with jsonRunFacts.
 */
export function jsonResults(outDir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [family, json] of Object.entries(jsonFiles(outDir))) {
    const { run: _run, ...results } = json;
    out[family] = results;
  }
  return out;
}

/** The `run` facts of each family's JSON in an output folder. */
export function jsonRunFacts(outDir: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(jsonFiles(outDir)).map(([family, json]) => [family, json.run]));
}

function jsonFiles(outDir: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of readdirSync(outDir).filter((n) => n.endsWith('.json') && n.includes('_search_results-')).sort()) {
    out[name.split('_')[0] as string] = JSON.parse(readFileSync(join(outDir, name), 'utf8')) as Record<string, unknown>;
  }
  return out;
}

/** Everything in a folder, hidden files included (to prove nothing partial was left). */
export function listAll(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The built CLI (builtBundle().cli). */
  cli: string;
  cwd?: string;
  /** KPAT_LIBRARY_DIR; none by default. */
  libraryDir?: string;
  /** Added to the environment. */
  env?: NodeJS.ProcessEnv;
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
}

/** Runs the built `kpat` as users run it, collecting its output and exit code. */
export function runBuiltCli(args: string[], opts: CliOptions): Promise<CliRun> {
  return new Promise((resolve) => {
    const env = { ...process.env, KPAT_LIBRARY_DIR: opts.libraryDir ?? '', ...opts.env };
    const child = spawn(process.execPath, [opts.cli, ...args], { cwd: opts.cwd ?? tmpdir(), stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      opts.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
