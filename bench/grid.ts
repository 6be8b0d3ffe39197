// The results grid at 1,000,000 rows: what one query costs on the host (table-query.ts) for the
// things a user does — first page, sort by one and by two columns, text filter, value filter, the
// value picker's counts. The sort is also measured against the previous comparison
// (String.localeCompare per call), A/B alternated in one run. `npm run bench grid` (--rows N,
// --rounds N). Prints figures only.
import { pageRows, viewRows, type QueryTable } from '../src-main/core/run/table-query';
import type { Cell } from '../src-worker/engine/types';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('--rows', 1_000_000);
const ROUNDS = arg('--rounds', 5);

function table(n: number): QueryTable {
  const users = ['root', 'admin', 'daemon', 'www-data', 'nobody', 'sshd', 'postgres', 'backup'];
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const host = `host-${String((i * 7919) % 1000).padStart(4, '0')}.corp.example.com`;
    const user = users[(i * 31) % users.length] as string;
    rows.push([host, (i * 13) % 5000, `${user}:x:${i % 65536}:${i % 1000}:${user} account:/home/${user}:/bin/bash`, user]);
  }
  return { header: ['System Name', 'Line Number', 'Matched Text', 'user'], rows };
}

/** Before: every comparison of two text cells went through String.localeCompare (System Name is text). */
const oldCompare = (a: Cell | undefined, b: Cell | undefined): number => String(a ?? '').localeCompare(String(b ?? ''), undefined, { sensitivity: 'base' });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function main(): void {
  const t = table(ROWS);
  console.log(`${ROWS.toLocaleString('en')} rows, 4 columns, 1,000 systems; median of ${ROUNDS} rounds, ms per query (page of 200)`);
  const page = { offset: 0, limit: 200 };
  const cases: [string, () => unknown][] = [
    ['first page', () => pageRows(t, page)],
    ['sort System Name', () => pageRows(t, { ...page, sort: { column: 0, direction: 'asc' } })],
    ['sort System Name, then Line Number desc', () => pageRows(t, { ...page, sorts: [{ column: 0, direction: 'asc' }, { column: 1, direction: 'desc' }] })],
    ['sort Line Number', () => pageRows(t, { ...page, sort: { column: 1, direction: 'asc' } })],
    ['text filter "postgres"', () => pageRows(t, { ...page, filter: 'postgres' })],
    ['value filter user = root, admin', () => pageRows(t, { ...page, values: [{ column: 3, values: ['root', 'admin'] }] })],
    ['value picker counts (System Name)', () => pageRows(t, { ...page, valueCounts: 0 })],
    ['value filter + text filter + sort', () => pageRows(t, { ...page, values: [{ column: 3, values: ['root'] }], filter: 'bash', sort: { column: 0, direction: 'desc' } })],
  ];
  for (const [name, fn] of cases) {
    const ms = Array.from({ length: ROUNDS }, () => time(fn));
    console.log(`  ${name.padEnd(44)} ${median(ms).toFixed(0).padStart(6)} ms`);
  }
  // A/B on 200,000 rows: the sort by ranks (now: distinct values sorted once, rows compared as
  // integers) against comparing the cells on every comparison (before), alternated.
  const sample = { header: t.header, rows: t.rows.slice(0, Math.min(ROWS, 200_000)) };
  const a: number[] = [];
  const b: number[] = [];
  const byRanks = () => a.push(time(() => pageRows(sample, { ...page, sort: { column: 0, direction: 'asc' } })));
  const byCells = () =>
    b.push(time(() => sample.rows.map((row, i) => ({ row, i })).sort((x, y) => oldCompare(x.row[0], y.row[0]) || x.i - y.i)));
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      byRanks();
      byCells();
    } else {
      byCells();
      byRanks();
    }
  }
  console.log(`  A/B sort of ${sample.rows.length.toLocaleString('en')} rows by System Name: by ranks ${median(a).toFixed(0)} ms, cell by cell ${median(b).toFixed(0)} ms, ratio ${(median(b) / median(a)).toFixed(1)}x`);
  // Scrolling: the next page of the same sorted view (the store keeps the view's rows).
  const view = viewRows(t, { sort: { column: 0, direction: 'asc' } });
  const next = Array.from({ length: ROUNDS }, () => time(() => pageRows(t, { offset: 500_000, limit: 200, sort: { column: 0, direction: 'asc' } }, view)));
  console.log(`  next page of a kept sorted view                ${median(next).toFixed(2)} ms`);
}

main();
