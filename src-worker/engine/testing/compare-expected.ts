// The comparison rules of ../shared/reference/README.md: rows of a search are a multiset, each row keyed by
// column header; cells normalised (text form, CR/CRLF → LF, trimmed, recognised dates as YYYY-MM-DD);
// empty cells ignored.
import type { Cell, FamilyResults } from '../types';

export interface ExpectedSearch {
  search: string;
  sheet: string;
  comment: string | null;
  header: string[];
  rows: (string | number | null)[][];
}
export interface ExpectedFamily {
  family: string;
  systems: Record<string, string>[];
  searches: ExpectedSearch[];
}

const DATE_FORMS: { re: RegExp; order: 'ymd' | 'mdy' | 'dmy' }[] = [
  { re: /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})$/, order: 'ymd' },
  { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{1,2}):(\d{1,2})$/, order: 'mdy' },
  { re: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: 'ymd' },
  { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: 'mdy' },
  { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: 'dmy' },
];

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[m - 1] as number);
}

/** A strptime-style date in one of the README's forms → YYYY-MM-DD, else null. */
export function normaliseDate(s: string): string | null {
  for (const { re, order } of DATE_FORMS) {
    const m = re.exec(s);
    if (!m) continue;
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const [y, mo, d] = order === 'ymd' ? [a, b, c] : order === 'mdy' ? [c, a, b] : [c, b, a];
    if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 61)) continue;
    if (!validDate(y, mo, d)) continue;
    return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return null;
}

export function normaliseCell(cell: Cell | null | undefined): string {
  if (cell === null || cell === undefined) return '';
  const text = String(cell).replace(/\r\n?/g, '\n').trim();
  return normaliseDate(text) ?? text;
}

/** A row as a canonical string: non-empty normalised cells keyed by header, sorted by header. */
export function rowKey(header: readonly string[], row: readonly (Cell | null)[]): string {
  const pairs: [string, string][] = [];
  header.forEach((h, i) => {
    const v = normaliseCell(row[i]);
    if (v !== '') pairs.push([h, v]);
  });
  pairs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return JSON.stringify(pairs);
}

export interface SearchDiff {
  search: string;
  expectedRows: number;
  actualRows: number;
  /** Expected rows not produced, then produced rows not expected (canonical keys, with multiplicity). */
  missing: string[];
  extra: string[];
}

export interface FamilyComparison {
  family: string;
  expectedRows: number;
  equalRows: number;
  diffs: SearchDiff[];
}

function multiset(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/**
 * Compares one family. Expected rows of systems the run does not have (held-back files, other families'
 * rows leaked by the old tool's Q1) are left out first.
 */
export function compareFamily(expected: ExpectedFamily, actual: FamilyResults): FamilyComparison {
  const ourSystems = new Set(actual.systems.map((s) => s['System Name']));
  const actualByName = new Map<string, { header: string[]; rows: Cell[][] }[]>();
  for (const t of actual.searches) actualByName.set(t.search, [...(actualByName.get(t.search) ?? []), t]);
  const diffs: SearchDiff[] = [];
  let expectedRows = 0;
  let equalRows = 0;
  for (const exp of expected.searches) {
    const expRows = exp.rows.filter((r) => ourSystems.has(String(r[0])));
    expectedRows += expRows.length;
    const candidates = actualByName.get(exp.search) ?? [];
    const act = candidates.shift();
    actualByName.set(exp.search, candidates);
    const expKeys = multiset(expRows.map((r) => rowKey(exp.header, r)));
    const actKeys = multiset((act?.rows ?? []).map((r) => rowKey(act?.header ?? [], r)));
    const missing: string[] = [];
    const extra: string[] = [];
    for (const [k, n] of expKeys) {
      const got = actKeys.get(k) ?? 0;
      equalRows += Math.min(n, got);
      for (let i = got; i < n; i++) missing.push(k);
    }
    for (const [k, n] of actKeys) for (let i = expKeys.get(k) ?? 0; i < n; i++) extra.push(k);
    if (act === undefined || missing.length > 0 || extra.length > 0) {
      diffs.push({ search: exp.search + (act === undefined ? ' (missing search)' : ''), expectedRows: expRows.length, actualRows: act?.rows.length ?? 0, missing, extra });
    }
  }
  for (const [name, rest] of actualByName) {
    for (const t of rest) diffs.push({ search: `${name} (unexpected search)`, expectedRows: 0, actualRows: t.rows.length, missing: [], extra: t.rows.map((r) => rowKey(t.header, r)) });
  }
  return { family: expected.family, expectedRows, equalRows, diffs };
}

export function formatDiffs(c: FamilyComparison, maxRowsPerSearch = 3): string {
  const out: string[] = [`${c.family}: ${c.equalRows}/${c.expectedRows} expected rows equal, ${c.diffs.length} searches differ`];
  for (const d of c.diffs) {
    out.push(`  ${d.search}: expected ${d.expectedRows}, got ${d.actualRows} (missing ${d.missing.length}, extra ${d.extra.length})`);
    for (const k of d.missing.slice(0, maxRowsPerSearch)) out.push(`    - ${k.slice(0, 400)}`);
    for (const k of d.extra.slice(0, maxRowsPerSearch)) out.push(`    + ${k.slice(0, 400)}`);
  }
  return out.join('\n');
}
