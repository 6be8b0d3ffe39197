// The auditor's marks (issue 15): a judgement on a check result, a result row or a cell of the
// Compare view (one setting on one system), with a note, and for a check the override of its
// automatic outcome. Marks are keyed by what they are about — system + search + check title,
// system + search + the row's text, or system + search + the compared column — never by a line number, so
// they survive reopening a run and carry over to a new run of the same folder whenever the same
// evidence is found again. A mark whose evidence changed or is gone is reported as such, never
// dropped. Pure data and functions: the findings file (main side), the exporter and the UI share them.
import type { CheckOutcome, CheckTable, Cell } from './types';

export const MARK_STATUSES = ['finding', 'ok', 'follow-up'] as const;
export type MarkStatus = (typeof MARK_STATUSES)[number];

export type MarkTarget =
  /** One check's result on one system. */
  | { kind: 'check'; system: string; search: string; check: string }
  /** One result row of a search on one system, by its text. */
  | { kind: 'row'; system: string; search: string; text: string }
  /**
   * One cell of the Compare view: the values one system has for one column (a field, or a key
   * of a key → value search such as sshd's `setting` → `value`; compare-grid.ts).
   */
  | { kind: 'cell'; system: string; search: string; column: string };

export type RowMarkTarget = Extract<MarkTarget, { kind: 'row' }>;
export type CellMarkTarget = Extract<MarkTarget, { kind: 'cell' }>;

/** An override of a check's automatic outcome. */
export interface CheckOverride {
  outcome: Exclude<CheckOutcome, 'review'>;
  /** The automatic outcome it replaced. */
  automatic: CheckOutcome;
}

export interface Mark {
  /** markKey(target). */
  key: string;
  target: MarkTarget;
  status: MarkStatus;
  note: string;
  override: CheckOverride | null;
  /** Who marked it (the user's name) and when (ISO 8601). */
  by: string;
  at: string;
  /** The evidence when marked: the row's text, the check's outcome and evidence lines, or the cell's values ([] is "nothing"). */
  evidence: string[];
  /** Line of the evidence when marked (shown, never used to match). */
  line: number | null;
}

/** The identity of a mark: the same target gives the same key in every run. */
export function markKey(target: MarkTarget): string {
  switch (target.kind) {
    case 'check':
      return JSON.stringify(['check', target.system, target.search, target.check]);
    case 'row':
      return JSON.stringify(['row', target.system, target.search, target.text]);
    case 'cell':
      return JSON.stringify(['cell', target.system, target.search, target.column]);
  }
}

/**
 * current: the evidence is as marked; changed: the check's outcome or evidence, or the cell's
 * values, differ; gone: not in this run (the row, the system, or the search).
 */
export type EvidenceState = 'current' | 'changed' | 'gone';

/** What a check mark records as evidence: the automatic outcome, then the evidence lines. */
export function checkEvidence(outcome: CheckOutcome, evidence: readonly { text: string }[]): string[] {
  return [outcome, ...evidence.map((r) => r.text)];
}

/** The facts of a run marks are compared with. */
export interface RunEvidence {
  /** Check cell by markKey of its check target. */
  checks: Map<string, { outcome: CheckOutcome; evidence: string[] }>;
  /** Whether a row with this text exists, by markKey of its row target (filled for the rows asked about). */
  rowExists(target: RowMarkTarget): boolean;
  /** The values the cell has in this run (filled for the cells asked about); null when its system or search is not in it. */
  cellValues(target: CellMarkTarget): readonly string[] | null;
}

export function checkCells(tables: readonly CheckTable[]): RunEvidence['checks'] {
  const map: RunEvidence['checks'] = new Map();
  for (const t of tables) {
    for (const r of t.results) {
      map.set(markKey({ kind: 'check', system: r.system, search: t.search, check: t.check }), { outcome: r.outcome, evidence: checkEvidence(r.outcome, r.evidence) });
    }
  }
  return map;
}

const sameLines = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((e, i) => e === b[i]);

export function evidenceState(mark: Mark, run: RunEvidence): EvidenceState {
  const t = mark.target;
  if (t.kind === 'row') return run.rowExists(t) ? 'current' : 'gone';
  if (t.kind === 'cell') {
    const values = run.cellValues(t);
    return values === null ? 'gone' : sameLines(values, mark.evidence) ? 'current' : 'changed';
  }
  const cell = run.checks.get(mark.key);
  if (!cell) return 'gone';
  return sameLines(cell.evidence, mark.evidence) ? 'current' : 'changed';
}

/** A compare cell's values as one line of text: `column = a | b`, or `column = (nothing)`. */
export function cellEvidenceText(column: string, values: readonly string[]): string {
  return `${column} = ${values.length === 0 ? '(nothing)' : values.join(' | ')}`;
}

/** The outcome a check shows: the override when there is one, else the automatic one. */
export function effectiveOutcome(automatic: CheckOutcome, mark: Mark | undefined): CheckOutcome {
  return mark?.override ? mark.override.outcome : automatic;
}

/** A row target from a results-table row ([System Name, Line Number, Matched Text, …]). */
export function rowTarget(search: string, header: readonly string[], row: readonly Cell[]): RowMarkTarget {
  const col = (name: string, fallback: number): number => {
    const i = header.indexOf(name);
    return i < 0 ? fallback : i;
  };
  return { kind: 'row', system: String(row[col('System Name', 0)] ?? ''), search, text: String(row[col('Matched Text', 2)] ?? '') };
}

/** Row targets of the marks in `marks` for one search, by system and text (what a table scan looks for). */
export function rowMarksOf(marks: readonly Mark[]): Map<string, Set<string>> {
  const bySearch = new Map<string, Set<string>>();
  for (const m of marks) {
    if (m.target.kind !== 'row') continue;
    let set = bySearch.get(m.target.search);
    if (!set) bySearch.set(m.target.search, (set = new Set()));
    set.add(`${m.target.system}\u0000${m.target.text}`);
  }
  return bySearch;
}

/** The cell marks among `marks`, by search (what an export looks up in each search's table). */
export function cellMarksOf(marks: readonly Mark[]): Map<string, CellMarkTarget[]> {
  const bySearch = new Map<string, CellMarkTarget[]>();
  for (const m of marks) {
    if (m.target.kind !== 'cell') continue;
    const list = bySearch.get(m.target.search);
    if (list) list.push(m.target);
    else bySearch.set(m.target.search, [m.target]);
  }
  return bySearch;
}

/** One line of a findings list (workbook Findings sheet, printable report). */
export interface FindingLine {
  system: string;
  search: string;
  /** The check's title; '' for a row or cell mark. */
  check: string;
  severity: string;
  requirement: string;
  line: number | null;
  evidence: string;
  /** fail (automatic), or the mark's status (with its override). */
  status: string;
  note: string;
  /** Who marked it and when; '' for automatic findings. */
  by: string;
  at: string;
  /** current / changed / gone for marks; '' for automatic findings. */
  evidenceState: EvidenceState | '';
}

/**
 * Every mark of these systems and every failed check without a mark: what the auditor hands over.
 * A failed check lists each of its evidence rows (or its reason when it has none).
 */
export function findingLines(systems: ReadonlySet<string>, tables: readonly CheckTable[], marks: readonly Mark[], run: RunEvidence): FindingLine[] {
  const own = marks.filter((m) => systems.has(m.target.system));
  const byKey = new Map(own.map((m) => [m.key, m]));
  const lines: FindingLine[] = [];
  const checkOf = new Map(tables.map((t) => [`${t.search}\u0000${t.check}`, t]));
  for (const m of own) {
    const t = m.target;
    const table = t.kind === 'check' ? checkOf.get(`${t.search}\u0000${t.check}`) : undefined;
    const status = m.override ? `${m.status} (override: ${m.override.outcome}, was ${m.override.automatic})` : m.status;
    lines.push({
      system: t.system,
      search: t.search,
      check: t.kind === 'check' ? t.check : '',
      severity: table?.severity ?? '',
      requirement: table?.requirement ?? '',
      line: m.line,
      evidence: t.kind === 'check' ? m.evidence.slice(1).join('\n') : t.kind === 'cell' ? cellEvidenceText(t.column, m.evidence) : m.evidence.join('\n'),
      status,
      note: m.note,
      by: m.by,
      at: m.at,
      evidenceState: evidenceState(m, run),
    });
  }
  for (const t of tables) {
    for (const r of t.results) {
      const mark = byKey.get(markKey({ kind: 'check', system: r.system, search: t.search, check: t.check }));
      if (mark || !systems.has(r.system) || r.outcome !== 'fail') continue;
      const base = { system: r.system, search: t.search, check: t.check, severity: t.severity, requirement: t.requirement ?? '', status: 'fail (automatic)', note: '', by: '', at: '', evidenceState: '' as const };
      if (r.evidence.length === 0) lines.push({ ...base, line: null, evidence: r.reason });
      for (const row of r.evidence) lines.push({ ...base, line: row.line, evidence: row.text });
    }
  }
  return lines;
}
