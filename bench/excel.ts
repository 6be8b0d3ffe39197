// Excel export throughput and memory: synthetic results of 1,000 systems, 20k and 1M rows,
// streamed from a generator (nothing held in memory but the row being written). Each size runs
// in its own process so peak RSS belongs to that export alone. Prints figures, asserts nothing.

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_COLUMNS, type Cell, type SystemRow } from '../src-worker/engine/types';
import { exportWorkbook } from '../src-worker/export/workbook';
import type { SheetSource, WorkbookInput } from '../src-worker/export/types';

const SIZES = [20_000, 1_000_000];
const SYSTEMS = 1_000;
const HEADER = ['System Name', 'Line Number', 'Matched Text', 'user', 'shell'];

function systems(): SystemRow[] {
  return Array.from({ length: SYSTEMS }, (_, i) => {
    const row = Object.fromEntries(SYSTEM_COLUMNS.map((c) => [c, `${c} ${i}`])) as SystemRow;
    row['System Name'] = `host-${String(i).padStart(4, '0')}`;
    row['SHA-384'] = 'c0ffee'.repeat(16);
    return row;
  });
}

/** Rows shaped like real ones: ~100 characters of matched text, every 50th a 3-line record. */
function* rows(total: number): Iterable<Cell[]> {
  const perSystem = Math.ceil(total / SYSTEMS);
  for (let i = 0; i < total; i += 1) {
    const system = `host-${String(Math.floor(i / perSystem)).padStart(4, '0')}`;
    const user = `user${i % 5000}`;
    const line = `Users_etcpasswd::${user}:x:${1000 + (i % 5000)}:${1000 + (i % 5000)}:Some User ${i}:/home/${user}:/bin/bash`;
    const text = i % 50 === 0 ? `${line}\n${line}\n${line}` : line;
    yield [system, 1000 + (i % 90_000), text, user, '/bin/bash'];
  }
}

function input(total: number): WorkbookInput {
  const search: SheetSource = {
    search: 'bench_local_users',
    sheet: 'Local_Users',
    comment: 'Synthetic rows for the export benchmark.',
    header: HEADER,
    options: { maxResults: -1, onlyMatching: true, unique: false, fullScan: false, multiline: false, showMissing: false, fieldList: ['user', 'shell'], format: null },
    totalRows: total,
    systemsWithHits: SYSTEMS,
    rows: () => rows(total),
  };
  const facts = { startedAt: new Date().toISOString(), searchSetTitle: 'bench', inputFolder: '/bench', appVersion: 'bench', outcome: 'complete', skipped: [], failedFiles: [], familiesWithoutWorkbook: [] };
  return { family: 'Linux', systems: systems(), searches: [search], facts };
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

async function runOne(total: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kpat-bench-excel-'));
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await exportWorkbook(input(total), dir, { timestamp: new Date() });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    const size = statSync(result.path).size;
    console.log(
      `${String(total).padStart(9)} rows: ${seconds.toFixed(2)} s, ${Math.round(total / seconds).toLocaleString('en-US')} rows/s, ` +
        `CPU ${cpuSeconds.toFixed(2)} s (${Math.round(total / cpuSeconds).toLocaleString('en-US')} rows per CPU-second, zlib threads included), ` +
        `peak RSS ${mb(peak)} MB (${mb(baseline)} MB before), heap after ${mb(process.memoryUsage().heapUsed)} MB, file ${mb(size)} MB, ${result.sheets} sheets`,
    );
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const size = Number(process.argv[2]);
  if (Number.isFinite(size) && size > 0) {
    await runOne(size);
    return;
  }
  console.log(`exportWorkbook, ${SYSTEMS} systems, one search sheet, streamed rows (each size in a fresh process)`);
  for (const n of SIZES) {
    await new Promise<void>((done, fail) => {
      const child = fork(__filename, [String(n)], { stdio: 'inherit' });
      child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`bench child for ${n} rows exited with ${code}`))));
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
