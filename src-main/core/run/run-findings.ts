// A finished run's checks and the auditor's marks on it, as the UI sees them (RunFindings), and a
// mark the UI asks for turned into the mark that is saved: its evidence comes from the run (the
// check's outcome and evidence rows, the row's text, or the compare cell's values), its author and
// time from the core.
import type { MarkRequest, RunFindings } from '../../contract/ipc';
import { checkCells, checkEvidence, evidenceState, markKey, type CellMarkTarget, type Mark, type RowMarkTarget, type RunEvidence } from '../../../src-worker/engine/marks';
import { searchFamilies } from '../../../src-worker/engine/filters';
import { buildCheckTables } from '../../../src-worker/engine/results/build-family-results';
import { compareCodePoints } from '../../../src-worker/engine/text';
import { OS_FAMILIES, type CheckResult, type CheckTable, type OsFamily, type SearchSpec, type SystemInfo } from '../../../src-worker/engine/types';

/** What a run keeps to show its checks, judge its marks' evidence and make its report later. */
export interface ReportSource {
  appVersion: string;
  setTitle: string;
  /** How the search set is identified in the evidence manifest (a fresh run: SHA-256 of its files). */
  setHash: { label: string; value: string };
  inputFolder: string;
  outputDir: string;
  startedAt: string;
  elapsedMs: number;
  outcome: string;
  families: FamilyChecks[];
  /** Whether a row with this text is among the run's results (row marks' evidence). */
  rowExists(target: RowMarkTarget): Promise<boolean>;
  /** The values a compare cell has among the run's results; null when its system or search is not in the run. */
  cellValues(target: CellMarkTarget): Promise<string[] | null>;
}

export interface FamilyChecks {
  family: OsFamily;
  /** In path order, as in the workbook. */
  systems: SystemInfo[];
  checks: CheckTable[];
}

/** The systems × checks tables of each family of a run, in family order. */
export function familyChecks(searches: readonly SearchSpec[], systems: readonly { system: SystemInfo; checks: CheckResult[] }[]): FamilyChecks[] {
  const out: FamilyChecks[] = [];
  for (const family of OS_FAMILIES as readonly OsFamily[]) {
    const own = systems.filter((s) => s.system.osFamily === family).sort((a, b) => compareCodePoints(a.system.relPath, b.system.relPath));
    if (own.length === 0) continue;
    const byPath = new Map(own.map((s) => [s.system.relPath, s.checks]));
    const routed = searches.filter((s) => searchFamilies(s).includes(family));
    out.push({ family, systems: own.map((s) => s.system), checks: buildCheckTables(own.map((s) => s.system), routed, (s) => byPath.get(s.relPath)) });
  }
  return out;
}

/** The run's evidence for these marks (the rows and cells they name are looked up first: the lookup reads files). */
export async function runEvidence(src: ReportSource, marks: readonly Mark[]): Promise<RunEvidence> {
  const rowKeys = new Set<string>();
  const cells = new Map<string, string[] | null>();
  for (const m of marks) {
    if (m.target.kind === 'row' && (await src.rowExists(m.target))) rowKeys.add(m.key);
    if (m.target.kind === 'cell') cells.set(m.key, await src.cellValues(m.target));
  }
  return {
    checks: checkCells(src.families.flatMap((f) => f.checks)),
    rowExists: (t) => rowKeys.has(markKey(t)),
    cellValues: (t) => cells.get(markKey(t)) ?? null,
  };
}

export async function findingsView(runId: string, findingsPath: string, src: ReportSource, marks: readonly Mark[], error: string | null): Promise<RunFindings> {
  const run = await runEvidence(src, marks);
  return {
    runId,
    findingsPath,
    families: src.families.map((f) => ({ family: f.family, checks: f.checks })),
    marks: marks.map((m) => ({ ...m, evidenceState: evidenceState(m, run) })),
    error,
  };
}

/** The mark to save for a request on this run; throws naming what is not in the run. */
export async function markFromRequest(src: ReportSource, req: MarkRequest, by: string, now: Date): Promise<Mark> {
  const base = { key: markKey(req.target), target: req.target, status: req.status, note: req.note, by, at: now.toISOString() };
  const t = req.target;
  if (t.kind === 'row') {
    if (req.override) throw new Error('Only a check result can be overridden, not a row');
    if (!(await src.rowExists(t))) throw new Error(`The row to mark is not among the results of ${t.search} on ${t.system}`);
    return { ...base, override: null, evidence: [t.text], line: req.line };
  }
  if (t.kind === 'cell') {
    if (req.override) throw new Error('Only a check result can be overridden, not a compare cell');
    const values = await src.cellValues(t);
    if (values === null) throw new Error(`The cell to mark (${t.column} on ${t.system}) is not among the results of ${t.search}`);
    return { ...base, override: null, evidence: values, line: null };
  }
  const table = src.families.flatMap((f) => f.checks).find((c) => c.search === t.search && c.check === t.check);
  const cell = table?.results.find((r) => r.system === t.system);
  if (!table || !cell) throw new Error(`The check '${t.check}' of ${t.search} has no result on ${t.system} in this run`);
  return {
    ...base,
    override: req.override ? { outcome: req.override, automatic: cell.outcome } : null,
    evidence: checkEvidence(cell.outcome, cell.evidence),
    line: cell.evidence[0]?.line ?? null,
  };
}
