// Evaluates a search's checks (the `expect` extension) on one system's rows: pure, run by the worker
// right after the search, so that outcomes travel with the search results and never need the rows
// again. Each counted row gets a verdict (satisfies / does not / cannot tell), and the verdicts are
// combined by the check's pass_if; a system without counted rows gets the check's no_rows outcome.
import { pyStrip } from '../text';
import { MAX_EVIDENCE_ROWS } from '../types';
import type { CheckResult, CheckSpec, ResultRow, SearchSpec } from '../types';

type Verdict = 'yes' | 'no' | 'unknown';

/** A check ready to evaluate: its pattern compiled once per search set. */
export interface CompiledCheck {
  spec: CheckSpec;
  searchIndex: number;
  pattern: RegExp | null;
}

export function compileChecks(search: SearchSpec): CompiledCheck[] {
  return search.checks.map((spec) => ({
    spec,
    searchIndex: search.index,
    pattern: spec.condition.kind === 'matches' || spec.condition.kind === 'not_matches' ? new RegExp(spec.condition.jsPattern, 'iu') : null,
  }));
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The value a row is judged by: the field, or the row's text; surrounding white space ignored. */
function rowValue(check: CheckSpec, row: ResultRow): string {
  return pyStrip(check.field === null ? row.text : (row.fields?.[check.field] ?? ''));
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function verdict(c: CompiledCheck, value: string): Verdict {
  const cond = c.spec.condition;
  if (value === '') return 'unknown';
  switch (cond.kind) {
    case 'in':
      return cond.values.some((v) => sameText(pyStrip(v), value)) ? 'yes' : 'no';
    case 'not_in':
      return cond.values.some((v) => sameText(pyStrip(v), value)) ? 'no' : 'yes';
    case 'matches':
    case 'not_matches': {
      const hit = (c.pattern as RegExp).test(value);
      return hit === (cond.kind === 'matches') ? 'yes' : 'no';
    }
    case 'range': {
      if (!NUMBER.test(value)) return 'unknown';
      const n = Number(value);
      return (cond.min === null || n >= cond.min) && (cond.max === null || n <= cond.max) ? 'yes' : 'no';
    }
    case 'rows':
      return 'yes';
  }
}

/** How the condition reads in a reason. */
export function describeCondition(spec: CheckSpec): string {
  const cond = spec.condition;
  const what = spec.field === null ? 'the line' : spec.key ? spec.key.equals : spec.field;
  switch (cond.kind) {
    case 'in':
      return `${what} is one of ${cond.values.join(', ')}`;
    case 'not_in':
      return `${what} is none of ${cond.values.join(', ')}`;
    case 'matches':
      return `${what} matches ${cond.pattern}`;
    case 'not_matches':
      return `${what} does not match ${cond.pattern}`;
    case 'range':
      if (cond.min !== null && cond.max !== null) return `${what} is between ${cond.min} and ${cond.max}`;
      return cond.min !== null ? `${what} is at least ${cond.min}` : `${what} is at most ${cond.max ?? ''}`;
    case 'rows': {
      const rows = spec.key ? `rows with ${spec.key.field} ${spec.key.equals}` : 'rows';
      return cond.present ? `${rows} are present` : `no ${rows}`;
    }
  }
}

function result(c: CompiledCheck, outcome: CheckResult['outcome'], reason: string, rows: readonly ResultRow[]): CheckResult {
  return { search: c.searchIndex, check: c.spec.title, outcome, reason, evidence: rows.slice(0, MAX_EVIDENCE_ROWS), evidenceTotal: rows.length };
}

function shown(c: CompiledCheck, rows: readonly ResultRow[]): string {
  const values = [...new Set(rows.map((r) => rowValue(c.spec, r) || '(empty)'))];
  const list = values.slice(0, 3).join(', ');
  return values.length > 3 ? `${list} and ${values.length - 3} more` : list;
}

/** The check's outcome on a system the search applies to, from the search's rows there. */
export function evaluateCheck(c: CompiledCheck, rows: readonly ResultRow[]): CheckResult {
  const spec = c.spec;
  const key = spec.key;
  const counted = key ? rows.filter((r) => sameText(pyStrip(r.fields?.[key.field] ?? ''), key.equals)) : rows;
  const condition = describeCondition(spec);
  if (spec.condition.kind === 'rows') {
    const found = counted.length > 0;
    const pass = found === spec.condition.present;
    const count = `${counted.length} row${counted.length === 1 ? '' : 's'}`;
    return result(c, pass ? 'pass' : 'fail', found ? `${count} found; expected ${condition}` : `no rows; expected ${condition}`, counted);
  }
  if (counted.length === 0) {
    const none = key ? `no ${key.equals} row` : 'no rows';
    return result(c, spec.noRows, `${none}; counts as ${spec.noRows} (expected ${condition})`, []);
  }
  const yes: ResultRow[] = [];
  const no: ResultRow[] = [];
  const unknown: ResultRow[] = [];
  for (const row of counted) {
    const v = verdict(c, rowValue(spec, row));
    (v === 'yes' ? yes : v === 'no' ? no : unknown).push(row);
  }
  const unclear = (): CheckResult => result(c, 'review', `cannot tell from ${shown(c, unknown)}; expected ${condition}`, unknown);
  if (spec.passIf === 'all') {
    if (no.length > 0) return result(c, 'fail', `${shown(c, no)}; expected ${condition}`, no);
    if (unknown.length > 0) return unclear();
    return result(c, 'pass', `${shown(c, yes)}; ${condition}`, yes);
  }
  if (yes.length > 0) return result(c, 'pass', `${shown(c, yes)}; ${condition}`, yes);
  if (unknown.length > 0) return unclear();
  return result(c, 'fail', `${shown(c, no)}; expected ${condition} on at least one row`, no);
}

/** Every check of a search that does not apply to the system. */
export function notApplicable(c: CompiledCheck): CheckResult {
  return result(c, 'n/a', 'the search does not apply to this system (sys_filter)', []);
}
