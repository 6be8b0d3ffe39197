// Cold against warm export of the real families: the 6 shared files searched with the reference
// audit-all.yaml, then each family's workbook written in a fresh process twice over. A worker's
// first exports run in code V8 has not compiled yet; the second pass shows what warm code costs.
// Prints figures, asserts nothing.

import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { loadSearchSet } from '../src-worker/engine/config/load';
import { runEngineInProcess } from '../src-worker/engine/run-in-process';
import { REFERENCE_DIR, TESTDATA_DIR } from '../src-worker/engine/testing/reference';
import type { FamilyResults } from '../src-worker/engine/types';
import { workbookInputFromResults } from '../src-worker/export/adapter';
import { exportWorkbook } from '../src-worker/export/workbook';

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

async function child(resultsFile: string): Promise<void> {
  const families = deserialize(readFileSync(resultsFile)) as FamilyResults[];
  const out = mkdtempSync(join(tmpdir(), 'kpat-bench-export-'));
  const facts = { startedAt: new Date().toISOString(), searchSetTitle: 'audit-all.yaml', inputFolder: TESTDATA_DIR, appVersion: 'bench', outcome: 'complete', skipped: [], failedFiles: [], familiesWithoutWorkbook: [] };
  try {
    // BENCH_WARM_PASSES: more warm passes (to profile warm code).
    const passes = ['cold', ...Array.from({ length: Number(process.env.BENCH_WARM_PASSES ?? 1) }, () => 'warm')];
    for (const pass of passes) {
      const parts: string[] = [];
      for (const family of families) {
        const started = performance.now();
        const cpu = process.cpuUsage();
        const rows = family.searches.reduce((n, s) => n + s.rows.length, 0);
        await exportWorkbook(workbookInputFromResults(family, facts), out, { timestamp: new Date() });
        parts.push(`${family.family} (${family.searches.length} sheets, ${rows} rows) ${(performance.now() - started).toFixed(0)} ms wall, ${cpuMs(cpu).toFixed(0)} ms CPU`);
      }
      console.log(`${pass}: ${parts.join('; ')}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv[2]) {
    await child(process.argv[2]);
    return;
  }
  const searchSet = await loadSearchSet(join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml'));
  const run = await runEngineInProcess({ startDir: TESTDATA_DIR, filespec: '*.txt', searchSet });
  const dir = mkdtempSync(join(tmpdir(), 'kpat-bench-export-in-'));
  const file = join(dir, 'families.bin');
  writeFileSync(file, serialize(run.families));
  console.log('exportWorkbook on the 6 shared files (audit-all.yaml), each family in turn, in a fresh process: a cold pass, then a warm one');
  try {
    for (let i = 0; i < Number(process.env.BENCH_RUNS ?? 3); i++) {
      await new Promise<void>((done, fail) => {
        // BENCH_CHILD_ARGS: node options for the export process (e.g. --cpu-prof).
        const execArgv = process.env.BENCH_CHILD_ARGS?.split(' ').filter(Boolean) ?? [];
        const c = fork(__filename, [file], { stdio: 'inherit', execArgv });
        c.on('exit', (code) => (code === 0 ? done() : fail(new Error(`bench child exited with ${code}`))));
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
