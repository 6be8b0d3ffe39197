// Checks and findings of the shown run: per family, the systems × checks matrix (pass / fail /
// review / n/a, overrides starred, marks dotted); a cell opens its evidence and the mark editor.
// Below it every mark of the family with what became of its evidence (changed or gone is shown,
// never dropped). The report is exported from here: HTML beside the workbooks, and a PDF in the
// desktop app or the browser's print in the browser host.
import { useMemo, useState } from 'react';
import type { CheckTable, MarkView, OsFamily, ResultsOverview } from '../../../src-main/contract/ipc';
import { FAMILY_LABEL } from '../lib/families';
import { plural } from '../lib/format';
import { printHtml } from '../lib/print-html';
import { cellLabel } from '../results/compare-csv';
import { useActions, useApp } from '../store/context';
import { CloseIcon, FileIcon, FolderIcon } from './icons';
import { EVIDENCE_LABEL, MarkEditor, STATUS_LABEL } from './MarkEditor';
import './findings.css';

type Cell = CheckTable['results'][number];

const checkMarkOf = (marks: readonly MarkView[], t: CheckTable, system: string): MarkView | undefined =>
  marks.find((m) => m.target.kind === 'check' && m.target.system === system && m.target.search === t.search && m.target.check === t.check);

export function ChecksPanel({ data, family, onFamily }: { data: ResultsOverview; family: OsFamily; onFamily: (f: OsFamily) => void }) {
  const findings = useApp((s) => s.findings);
  const actions = useActions();
  const [open, setOpen] = useState<{ search: string; check: string; system: string } | null>(null);

  if (findings.status === 'idle' || findings.status === 'loading') return <p className="muted loading-line">Loading checks…</p>;
  if (findings.status === 'error') {
    return (
      <div className="card" role="alert">
        <p className="error-text">The checks could not be loaded: {findings.error}</p>
        <button type="button" className="btn" onClick={() => void actions.loadFindings(data.runId)}>
          Try again
        </button>
      </div>
    );
  }
  const f = findings.data;
  const checks = f.families.find((x) => x.family === family)?.checks ?? [];
  const systems = data.families.find((x) => x.family === family)?.systems.map((s) => s.systemName) ?? [];
  const names = new Set(systems);
  const marks = f.marks.filter((m) => names.has(m.target.system));
  const table = open ? checks.find((t) => t.search === open.search && t.check === open.check) : undefined;
  const cell = open && table ? table.results.find((r) => r.system === open.system) : undefined;

  return (
    <div className="checks-panel" data-testid="checks-panel">
      {(f.families.length > 1 || checks.length === 0) && (
        <div className="checks-toolbar">
          {f.families.length > 1 && (
            <div className="segmented" role="radiogroup" aria-label="OS family">
              {f.families.map((x) => (
                <label key={x.family} className={`segment${x.family === family ? ' is-selected' : ''}`}>
                  <input type="radio" name="checks-family" checked={x.family === family} onChange={() => onFamily(x.family)} />
                  {FAMILY_LABEL[x.family]}
                </label>
              ))}
            </div>
          )}
          {/* With checks, the report actions sit in the matrix's header (one row less above the matrix). */}
          {checks.length === 0 && <ReportActions />}
        </div>
      )}
      {f.error && (
        <p className="error-text" role="alert" data-testid="findings-error">
          {f.error}
        </p>
      )}
      {checks.length === 0 ? (
        <p className="empty card">The search set has no checks for {FAMILY_LABEL[family]}.</p>
      ) : (
        <CheckMatrix checks={checks} systems={systems} marks={marks} selected={open} onOpen={setOpen} />
      )}
      <FindingsList marks={marks} checks={checks} onOpen={setOpen} />
      {open && table && cell && <CheckDetail table={table} cell={cell} mark={checkMarkOf(marks, table, cell.system)} onClose={() => setOpen(null)} />}
    </div>
  );
}

function Counts({ checks }: { checks: CheckTable[] }) {
  const c = { pass: 0, fail: 0, review: 0, 'n/a': 0 };
  for (const t of checks) for (const r of t.results) c[r.outcome] += 1;
  return (
    <p className="muted small" data-testid="check-counts">
      {plural(checks.length, 'check')} · {c.pass} pass · {c.fail} fail · {c.review} review · {c['n/a']} n/a (automatic)
    </p>
  );
}

function CheckMatrix({
  checks,
  systems,
  marks,
  selected,
  onOpen,
}: {
  checks: CheckTable[];
  systems: string[];
  marks: MarkView[];
  selected: { search: string; check: string; system: string } | null;
  onOpen: (c: { search: string; check: string; system: string }) => void;
}) {
  return (
    <section className="card check-matrix-card" aria-labelledby="check-matrix-title">
      <header className="card-header check-matrix-header">
        <div>
          <h2 id="check-matrix-title">Checks</h2>
          <Counts checks={checks} />
        </div>
        <ReportActions />
      </header>
      <div className="check-matrix-scroll">
        <table className="check-matrix" data-testid="check-matrix">
          <thead>
            <tr>
              <th scope="col" className="check-name">Check</th>
              <th scope="col">Severity</th>
              {systems.map((s) => (
                <th key={s} scope="col" className="check-system" title={s}>
                  <span>{s}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {checks.map((t) => (
              <tr key={`${t.search}\u0000${t.check}`}>
                <th scope="row" className="check-name" title={t.comment ?? undefined}>
                  {t.check}
                  <span className="muted small check-req">{t.requirement ?? t.search}</span>
                </th>
                <td className={`severity sev-${t.severity}`}>{t.severity}</td>
                {t.results.map((r) => {
                  const mark = checkMarkOf(marks, t, r.system);
                  const shown = mark?.override?.outcome ?? r.outcome;
                  const isOpen = selected?.search === t.search && selected.check === t.check && selected.system === r.system;
                  return (
                    <td key={r.system} className="check-cell-td">
                      <button
                        type="button"
                        className={`check-cell outcome-${shown === 'n/a' ? 'na' : shown}${isOpen ? ' is-open' : ''}`}
                        title={`${r.system}: ${r.reason}`}
                        onClick={() => onOpen({ search: t.search, check: t.check, system: r.system })}
                        data-testid="check-cell"
                        data-check={t.check}
                        data-system={r.system}
                        data-outcome={shown}
                        data-mark={mark?.status ?? ''}
                      >
                        {shown}
                        {mark?.override ? '*' : ''}
                        {mark && <span className={`mark-dot mark-${mark.status}`} aria-label={`marked ${STATUS_LABEL[mark.status]}`} />}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">* overridden by the auditor · a dot: marked (finding, ok, follow-up)</p>
    </section>
  );
}

function CheckDetail({ table, cell, mark, onClose }: { table: CheckTable; cell: Cell; mark: MarkView | undefined; onClose: () => void }) {
  const actions = useActions();
  const markError = useApp((s) => s.markError);
  const target = { kind: 'check' as const, system: cell.system, search: table.search, check: table.check };
  return (
    <aside className="row-detail mark-panel" role="dialog" aria-modal="false" aria-labelledby="check-detail-title" data-testid="check-detail">
      <header className="row-detail-header">
        <h3 id="check-detail-title">
          {table.check} <span className="muted">on {cell.system}</span>
        </h3>
        <button type="button" className="icon-btn" aria-label="Close check details" onClick={onClose} data-testid="check-detail-close">
          <CloseIcon />
        </button>
      </header>
      <div className="row-detail-fields">
        <p>
          <span className={`outcome-chip outcome-${cell.outcome === 'n/a' ? 'na' : cell.outcome}`} data-testid="check-detail-outcome">
            {cell.outcome}
          </span>{' '}
          {cell.reason}
        </p>
        <p className="muted small">
          {table.requirement ?? 'No requirement given'} · severity {table.severity} · search <span className="mono">{table.search}</span>
        </p>
        {table.comment && <p className="small">{table.comment}</p>}
        {cell.evidence.length > 0 && (
          <div>
            <h4 className="small">
              Evidence{cell.evidenceTotal > cell.evidence.length ? ` (first ${cell.evidence.length} of ${cell.evidenceTotal})` : ''}
            </h4>
            <pre className="evidence-lines" data-testid="check-evidence">
              {cell.evidence.map((e) => `${e.line}: ${e.text}`).join('\n')}
            </pre>
          </div>
        )}
        <MarkEditor
          automatic={cell.outcome}
          mark={mark}
          error={markError}
          onSave={(v) => actions.putMark({ target, status: v.status, note: v.note, override: v.override, line: null })}
          onRemove={() => (mark ? actions.removeMark(mark.key) : Promise.resolve(false))}
        />
      </div>
    </aside>
  );
}

function FindingsList({ marks, checks, onOpen }: { marks: MarkView[]; checks: CheckTable[]; onOpen: (c: { search: string; check: string; system: string }) => void }) {
  const failed = useMemo(() => checks.reduce((n, t) => n + t.results.filter((r) => r.outcome === 'fail').length, 0), [checks]);
  return (
    <section className="card" aria-labelledby="findings-title">
      <header className="card-header">
        <h2 id="findings-title">Marks</h2>
        <span className="card-meta">
          {plural(marks.length, 'mark')} · {plural(failed, 'failed check')}
        </span>
      </header>
      {marks.length === 0 ? (
        <p className="muted">No marks yet. Open a check result above, a row of a search, or a cell of a search's Compare systems view to mark it.</p>
      ) : (
        <ul className="marks-list" data-testid="marks-list">
          {marks.map((m) => (
            <li key={m.key} className={`mark-item mark-${m.status}`} data-testid="mark-item" data-kind={m.target.kind} data-state={m.evidenceState}>
              <span className={`mark-badge mark-${m.status}`}>{STATUS_LABEL[m.status]}</span>
              <div className="mark-item-text">
                {m.target.kind === 'check' ? (
                  <button type="button" className="btn-link" onClick={() => m.target.kind === 'check' && onOpen({ search: m.target.search, check: m.target.check, system: m.target.system })}>
                    {m.target.check}
                  </button>
                ) : m.target.kind === 'cell' ? (
                  <span className="mono small mark-row-text" data-testid="mark-item-cell">
                    {m.target.column} = {cellLabel({ values: m.evidence })}
                  </span>
                ) : (
                  <span className="mono small mark-row-text">{m.target.text}</span>
                )}
                <span className="muted small">
                  {m.target.system} · {m.target.search}
                  {m.target.kind === 'cell' ? ' (compare)' : ''}
                  {m.override ? ` · override ${m.override.automatic} → ${m.override.outcome}` : ''} · {m.by}, {new Date(m.at).toLocaleDateString('en-GB')}
                </span>
                {m.note && <span className="small mark-note-text">{m.note}</span>}
              </div>
              <span className={`evidence-state is-${m.evidenceState}`} title={EVIDENCE_LABEL[m.evidenceState]} data-testid="mark-item-state">
                {m.evidenceState === 'current' ? 'current' : m.evidenceState === 'changed' ? 'evidence changed' : 'evidence gone'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReportActions() {
  const host = useApp((s) => s.appInfo?.host ?? 'browser');
  const state = useApp((s) => s.reportExport);
  const actions = useActions();
  const busy = state.status === 'busy';
  const print = async () => {
    const html = await actions.reportHtml();
    if (html === null) return;
    await printHtml(html);
    actions.reportPrinted();
  };
  return (
    <div className="report-actions" data-testid="report-actions">
      <div className="report-buttons">
        {host === 'electron' ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void actions.exportReport('pdf')} data-testid="export-report-pdf">
            <FileIcon /> Export report → PDF
          </button>
        ) : (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void print()} data-testid="print-report">
            <FileIcon /> Print report
          </button>
        )}
        <button type="button" className="btn" disabled={busy} onClick={() => void actions.exportReport('html')} data-testid="export-report-html">
          Export report (HTML)
        </button>
      </div>
      <span className="small report-status" aria-live="polite" data-testid="report-status">
        {state.status === 'busy' && 'Making the report…'}
        {state.status === 'error' && <span className="error-text">{state.error}</span>}
        {state.status === 'done' && state.path && (
          <>
            Saved <span className="mono">{state.path.split(/[\\/]/).pop()}</span>
            <button type="button" className="btn btn-ghost" onClick={() => void actions.openPath(state.path as string)} data-testid="open-report">
              Open
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => void actions.showInFolder(state.path as string)}>
              <FolderIcon /> Show
            </button>
          </>
        )}
        {state.status === 'done' && !state.path && 'Sent to the browser’s print.'}
      </span>
    </div>
  );
}
