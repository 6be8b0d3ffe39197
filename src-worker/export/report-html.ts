// The printable assessment report: one self-contained HTML file (inline CSS, no scripts, no
// external resource of any kind), readable in any browser and printable to PDF (print CSS: A4
// landscape, tables repeat their header on every page, sections start on a new page). It holds
// the summary, the systems, the checks matrix, the findings with their evidence, and the evidence
// manifest (app version, search set + SHA-256, each input file with size and SHA-384, run time).
// Pure: data in, text out; the CLI, the app and tests render the same.
import type { FindingLine } from '../engine/marks';
import type { CheckOutcome, CheckTable, OsFamily, SystemInfo } from '../engine/types';

export interface ReportFamily {
  family: OsFamily;
  systems: SystemInfo[];
  checks: CheckTable[];
  /** Overridden outcomes by `system \0 search \0 check`. */
  overrides: ReadonlyMap<string, CheckOutcome>;
  findings: FindingLine[];
}

export interface ReportData {
  title: string;
  appVersion: string;
  /** The set's name and how it is identified (a fresh run: SHA-256 of its files; a reopened run: the manifest's hash). */
  searchSet: { title: string; hash: { label: string; value: string } };
  inputFolder: string;
  /** ISO 8601. */
  startedAt: string;
  elapsedMs: number;
  outcome: string;
  /** ISO 8601: when this report was made (marks may be newer than the run). */
  generatedAt: string;
  families: ReportFamily[];
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text as HTML: every character that could start markup is escaped. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const CSS = `
:root { -webkit-print-color-adjust: exact; print-color-adjust: exact; font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #111; }
body { margin: 1.5em; }
h1 { font-size: 18pt; color: #1f497d; margin: 0 0 .3em; }
h2 { font-size: 14pt; color: #1f497d; border-bottom: 2px solid #1f497d; margin-top: 1.6em; }
h3 { font-size: 12pt; color: #1f497d; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #dce6f1; }
td.pass { background: #c6efce; color: #006100; text-align: center; }
td.fail { background: #ffc7ce; color: #9c0006; font-weight: bold; text-align: center; }
td.review { background: #ffeb9c; color: #9c5700; text-align: center; }
td.na { color: #808080; text-align: center; }
.evidence { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: 8.5pt; white-space: pre-wrap; word-break: break-all; }
.facts th { width: 14em; }
.overview td { text-align: right; }
.overview td:first-child, .overview td:nth-last-child(-n+2) { text-align: left; }
.findings td:nth-child(1) { width: 9em; }
.findings td:nth-child(3) { width: 8em; }
.findings td:nth-child(4) { width: 38%; }
.hash { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; }
.muted { color: #666; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; }
  h2 { break-before: page; }
  h2.first { break-before: avoid; }
  thead { display: table-header-group; }
  tr, .evidence { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}`;

const OUTCOME_CLASS: Record<CheckOutcome, string> = { pass: 'pass', fail: 'fail', review: 'review', 'n/a': 'na' };

function table(head: string[], rows: string[][], cls = ''): string {
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const td = (text: string | number | null | undefined, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${esc(text)}</td>`;

function counts(families: readonly ReportFamily[]): Record<CheckOutcome, number> {
  const c: Record<CheckOutcome, number> = { pass: 0, fail: 0, review: 0, 'n/a': 0 };
  for (const f of families) {
    for (const t of f.checks) for (const r of t.results) c[f.overrides.get(`${r.system}\u0000${t.search}\u0000${t.check}`) ?? r.outcome] += 1;
  }
  return c;
}

const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
const MARK_KINDS = ['finding', 'ok', 'follow-up'] as const;

/** Per family, on the summary page: systems, check outcomes, the auditor's marks and the failed checks by severity. */
function familyOverview(families: readonly ReportFamily[]): string {
  const rows = families.map((f) => {
    const c = counts([f]);
    const marks = f.findings.filter((x) => x.by !== '');
    const failed = new Map<string, Set<string>>();
    for (const x of f.findings) {
      if (x.by !== '') continue;
      let set = failed.get(x.severity);
      if (!set) failed.set(x.severity, (set = new Set()));
      set.add(`${x.system}\u0000${x.search}\u0000${x.check}`);
    }
    const bySeverity = SEVERITIES.map((sev) => `${failed.get(sev)?.size ?? 0} ${sev}`).join(', ');
    const byStatus = MARK_KINDS.map((k) => `${marks.filter((m) => m.status.startsWith(k)).length} ${k}`).join(', ');
    return [td(f.family), td(f.systems.length), td(f.checks.length), td(c.pass, c.pass ? 'pass' : ''), td(c.fail, c.fail ? 'fail' : ''), td(c.review, c.review ? 'review' : ''), td(c['n/a'], 'na'), td(byStatus), td(bySeverity)];
  });
  return table(['Family', 'Systems', 'Checks', 'Pass', 'Fail', 'Review', 'n/a', 'Marks', 'Failed checks by severity'], rows, 'overview');
}

function checksMatrix(f: ReportFamily): string {
  if (f.checks.length === 0) return `<p class="muted">No checks for ${esc(f.family)}.</p>`;
  const names = f.systems.map((s) => s.systemName);
  const rows = f.checks.map((t) => [
    td(t.check),
    td(t.severity),
    td(t.requirement),
    ...t.results.map((r) => {
      const over = f.overrides.get(`${r.system}\u0000${t.search}\u0000${t.check}`);
      const shown = over ?? r.outcome;
      return `<td class="${OUTCOME_CLASS[shown]}" title="${esc(r.reason)}">${esc(shown)}${over ? '*' : ''}</td>`;
    }),
  ]);
  return `${table(['Check', 'Severity', 'Requirement', ...names], rows)}<p class="muted">* overridden by the auditor (see Findings).</p>`;
}

/** A failed check's evidence rows come as one finding line each: the report shows them as one finding. */
function groupFindings(lines: readonly FindingLine[]): FindingLine[][] {
  const groups: FindingLine[][] = [];
  for (const x of lines) {
    const last = groups.at(-1)?.[0];
    if (last && x.by === '' && last.by === '' && last.system === x.system && last.search === x.search && last.check === x.check) groups.at(-1)?.push(x);
    else groups.push([x]);
  }
  return groups;
}

/** Evidence lines as `line: text`, one a line (the texts keep their own line breaks, not the trailing one). */
const evidenceText = (group: readonly FindingLine[]): string => group.map((x) => `${x.line === null ? '' : `${x.line}: `}${x.evidence.replace(/\s+$/, '')}`).join('\n');

/** When a mark was made, to the minute: 2026-12-03 09:01 UTC (the findings file keeps the full ISO time). */
const whenText = (iso: string): string => iso.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d):\d\d(\.\d+)?Z$/, '$1 $2 UTC');

function findings(f: ReportFamily): string {
  if (f.findings.length === 0) return `<p class="muted">No findings for ${esc(f.family)}.</p>`;
  const rows = groupFindings(f.findings).map((group) => {
    const x = group[0] as FindingLine;
    const where = `${esc(x.search)}${x.requirement ? ` · ${esc(x.requirement)}` : ''}`;
    return [
      td(x.system),
      x.check ? `<td>${esc(x.check)}<br><span class="muted">${where}</span></td>` : `<td>${where}</td>`,
      td(x.status, x.status.startsWith('fail') ? 'fail' : ''),
      `<td class="evidence">${esc(evidenceText(group))}</td>`,
      `<td>${esc(x.note)}${x.by ? `<br><span class="muted">${esc(x.by)}, ${esc(whenText(x.at))}</span>` : ''}</td>`,
      td(x.evidenceState),
    ];
  });
  return table(['System', 'Check / search', 'Status', 'Evidence (line: text)', 'Note', 'Evidence now'], rows, 'findings');
}

export function renderReport(data: ReportData): string {
  const c = counts(data.families);
  const allSystems = data.families.flatMap((f) => f.systems);
  const findingCount = data.families.reduce((n, f) => n + groupFindings(f.findings).length, 0);
  const fact = (label: string, value: string): string[] => [`<th>${esc(label)}</th>`, `<td>${value}</td>`];
  const summary = table(
    ['Fact', 'Value'],
    [
      fact('Input folder', esc(data.inputFolder)),
      fact('Search set', esc(data.searchSet.title)),
      fact('Run started', esc(data.startedAt)),
      fact('Outcome', esc(data.outcome)),
      fact('Systems', esc(`${allSystems.length} (${data.families.map((f) => `${f.family} ${f.systems.length}`).join(', ')})`)),
      fact('Check outcomes', esc(`${c.pass} pass, ${c.fail} fail, ${c.review} review, ${c['n/a']} n/a`)),
      fact('Findings', esc(findingCount)),
    ],
    'facts',
  );
  const systems = table(
    ['System', 'Family', 'OS', 'Host name', 'Producer', 'File'],
    allSystems.map((s) => [td(s.systemName), td(s.osFamily), td(s.osPrettyName ?? s.systemOs), td(s.hostName), td(`${s.producer} ${s.producerVersion}`), td(s.relPath)]),
  );
  const perFamily = (title: string, body: (f: ReportFamily) => string): string =>
    `<h2>${esc(title)}</h2>${data.families.map((f) => `<h3>${esc(f.family)}</h3>${body(f)}`).join('')}`;
  const manifest = table(
    ['Item', 'Value'],
    [
      fact('Application version', esc(data.appVersion)),
      fact('Search set', esc(data.searchSet.title)),
      fact(data.searchSet.hash.label, `<span class="hash">${esc(data.searchSet.hash.value)}</span>`),
      fact('Run started', esc(data.startedAt)),
      fact('Run time', esc(`${(data.elapsedMs / 1000).toFixed(1)} s`)),
      fact('Report made', esc(data.generatedAt)),
    ],
    'facts',
  );
  const inputs = table(
    ['Input file', 'Size (bytes)', 'SHA-384'],
    allSystems.map((s) => [td(s.relPath), td(s.sizeBytes), `<td class="hash">${esc(s.sha384)}</td>`]),
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(data.title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(data.title)}</h1>
<h2 class="first" id="summary">Assessment summary</h2>${summary}${familyOverview(data.families)}
<h2 id="systems">Systems</h2>${systems}
${perFamily('Checks', checksMatrix)}
${perFamily('Findings', findings)}
<h2 id="manifest">Evidence manifest</h2>${manifest}${inputs}
</body></html>
`;
}
