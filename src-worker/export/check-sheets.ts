// The Checks sheet (systems × checks: each check's outcome per system, with its requirement) and the
// Findings sheet (every mark and every failed check, with its evidence), both linked from the Summary.
import type { CheckOutcome, CheckTable, SystemRow } from '../engine/types';
import type { FindingLine } from '../engine/marks';
import { addXmlSheet, CHECKS_TITLE, FINDINGS_TITLE, type ExportContext } from './context';
import { columnLetter } from './layout';
import type { StyleName } from './styles';
import { writeLines, type Line } from './summary-sheets';

const OUTCOME_STYLE: Record<CheckOutcome, StyleName> = { pass: 'pass', fail: 'fail', review: 'review', 'n/a': 'na' };
const header = (values: string[]): Line => ({ values, styles: values.map((): StyleName => 'header') });

export interface CheckCounts {
  pass: number;
  fail: number;
  review: number;
  'n/a': number;
}

export function countOutcomes(checks: readonly CheckTable[]): CheckCounts {
  const counts: CheckCounts = { pass: 0, fail: 0, review: 0, 'n/a': 0 };
  for (const c of checks) for (const r of c.results) counts[r.outcome] += 1;
  return counts;
}

export function writeChecksSheet(ctx: ExportContext, systems: readonly SystemRow[], checks: readonly CheckTable[], overrides: ReadonlyMap<string, CheckOutcome>): void {
  const sheet = addXmlSheet(ctx, CHECKS_TITLE);
  const names = systems.map((s) => s['System Name']);
  const cols = ['Check', 'Search', 'Severity', 'Requirement', ...names, 'What a fail means'];
  const counts = countOutcomes(checks);
  const lines: Line[] = [
    { values: [`Checks (${checks.length} checks × ${names.length} systems: ${counts.pass} pass, ${counts.fail} fail, ${counts.review} review, ${counts['n/a']} n/a)`], style: 'title' },
    header(cols),
    ...checks.map((c) => {
      const outcomes = c.results.map((r) => overrides.get(`${r.system}\u0000${c.search}\u0000${c.check}`) ?? r.outcome);
      const shown = outcomes.map((o, i) => (o === c.results[i]?.outcome ? o : `${o} (override)`));
      return {
        values: [c.check, c.search, c.severity, c.requirement ?? '', ...shown, c.comment ?? ''],
        // The title, requirement and what a fail means wrap (the next cell cut them off in print).
        styles: ['data', 'plain', 'plain', 'data', ...outcomes.map((o) => OUTCOME_STYLE[o]), 'data'] as StyleName[],
      };
    }),
  ];
  // System columns as wide as their names (up to 32): a wrapped name would run into the first row in print.
  const widths = [40, 30, 10, 30, ...names.map(() => 32), 60];
  writeLines(ctx, sheet, lines, widths, `A2:${columnLetter(cols.length)}${checks.length + 2}`);
}

const FINDING_COLUMNS = ['System', 'Search', 'Check', 'Severity', 'Requirement', 'Line', 'Evidence', 'Status', 'Note', 'By', 'When', 'Evidence now'];

export function writeFindingsSheet(ctx: ExportContext, findings: readonly FindingLine[]): void {
  const sheet = addXmlSheet(ctx, FINDINGS_TITLE);
  const lines: Line[] = [
    { values: [`Findings (${findings.length}: every mark and every failed check)`], style: 'title' },
    header(FINDING_COLUMNS),
    ...findings.map((f) => ({
      values: [f.system, f.search, f.check, f.severity, f.requirement, f.line ?? '', f.evidence, f.status, f.note, f.by, f.at, f.evidenceState],
      // Check, requirement, evidence and note wrap: cut off by the next cell they said too little in print.
      styles: ['plain', 'plain', 'data', 'plain', 'data', 'plain', 'data', f.status.startsWith('fail') ? 'fail' : 'plain', 'data', 'plain', 'plain', 'plain'] as StyleName[],
    })),
  ];
  writeLines(ctx, sheet, lines, [22, 26, 30, 9, 24, 7, 56, 20, 34, 10, 24, 11], `A2:${columnLetter(FINDING_COLUMNS.length)}${findings.length + 2}`);
}
