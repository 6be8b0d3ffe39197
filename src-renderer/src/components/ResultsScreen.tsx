import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { OsFamily, ResultsOverview, SearchOverview } from '../../../src-main/contract/ipc';
import { FAMILY_LABEL } from '../lib/families';
import { plural } from '../lib/format';
import { outcomeHeading, partialWhy } from '../lib/outcome';
import type { ResultsTab } from '../store/app-store';
import { useActions, useApp } from '../store/context';
import { HitsChart } from './HitsChart';
import { AlertIcon, CheckIcon, FileIcon, FolderIcon } from './icons';
import { CompareView } from './CompareView';
import { SearchTable } from './SearchTable';
import { ResultsSystemsTable } from './ResultsSystemsTable';
import { RunHistoryList } from './RunHistoryList';
import { SearchList } from './SearchList';
import { ChecksPanel } from './ChecksPanel';
import { DriftBadge, DriftView } from './DriftView';
import { SystemView } from './SystemView';

const TABS: { id: ResultsTab; label: string }[] = [
  { id: 'summary', label: 'Summary' },
  { id: 'searches', label: 'Searches' },
  { id: 'systems', label: 'Systems' },
  { id: 'checks', label: 'Checks & marks' },
  { id: 'changes', label: 'Changes' },
];

export function ResultsScreen() {
  const results = useApp((s) => s.results);
  const runId = useApp((s) => s.run.summary?.runId ?? null);
  const actions = useActions();
  if (results.status === 'loading' || results.status === 'idle') return <p className="muted loading-line">Loading results…</p>;
  if (results.status === 'error') {
    return (
      <div className="card" role="alert">
        <p className="error-text">The results could not be loaded: {results.error}</p>
        {runId && (
          <button type="button" className="btn" onClick={() => void actions.loadResults(runId)}>
            Try again
          </button>
        )}
      </div>
    );
  }
  return <ResultsView data={results.data} />;
}

/** When the run was: the results of earlier runs are open here too. */
function startedLabel(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

function EarlierRunsMenu() {
  const actions = useActions();
  const [open, setOpen] = useState(false);
  return (
    <div className="earlier-menu">
      <button type="button" className="btn btn-sm" aria-expanded={open} onClick={() => setOpen(!open)} title="Open an earlier run (or a results folder)" data-testid="earlier-runs-button">
        Earlier runs
      </button>
      {open && (
        <div className="earlier-pop card" role="region" aria-label="Earlier runs" data-testid="earlier-runs-menu">
          <RunHistoryList onOpened={() => setOpen(false)} />
          <button type="button" className="btn btn-ghost" onClick={() => void actions.chooseResults().then(() => setOpen(false))} data-testid="open-results-button">
            <FileIcon /> Open results…
          </button>
        </div>
      )}
    </div>
  );
}

function ResultsView({ data }: { data: ResultsOverview }) {
  const ui = useApp((s) => s.resultsUi);
  const host = useApp((s) => s.appInfo?.host ?? 'electron');
  const actions = useActions();
  const { summary } = data;
  const heading = outcomeHeading(summary);
  const family = ui.family ?? data.families[0]?.family ?? null;
  const [details, setDetails] = useState(false);
  const all = useMemo(() => data.families.flatMap((f) => f.searches), [data]);

  const openSearch = (s: SearchOverview) => actions.setResultsUi({ tab: 'searches', family: s.family, search: s.index });

  const onTabKey = (e: KeyboardEvent, i: number) => {
    const dir = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!dir) return;
    e.preventDefault();
    const next = TABS[(i + dir + TABS.length) % TABS.length];
    if (next) {
      actions.setResultsUi({ tab: next.id });
      document.getElementById(`results-tab-${next.id}`)?.focus();
    }
  };

  return (
    <section className="results" data-testid="results-view" aria-labelledby="results-title">
      {/* One line once a run is done (issue 13 §3): the outcome, each family's workbook, the earlier
          runs; the paths behind Details. Warnings (failed files, a cancelled run) stay in full. */}
      <div className="card results-head">
        <div className="results-line">
          <h1 id="results-title" data-testid="run-outcome" data-outcome={summary.outcome}>
            {heading.tone === 'ok' ? <CheckIcon className="ok-icon" /> : <AlertIcon className={`${heading.tone}-icon`} />} {heading.text}
          </h1>
          <p className="muted results-meta" title={`Output in ${summary.outputDir}`}>
            <span data-testid="results-started" title={summary.manifestPath ?? undefined}>
              Run of {startedLabel(summary.startedAt)}
            </span>{' '}
            · {plural(summary.systems, 'system')} · {summary.searchSetTitle}
          </p>
          <ul className="workbooks" aria-label="Workbooks">
            {summary.families.map((f) => (
              <li key={f.family} className={`workbook family-${f.family}`} data-testid={`workbook-${f.family}`} title={`${FAMILY_LABEL[f.family]}: ${plural(f.systems, 'system')} · ${plural(f.rows, 'row')}`}>
                {f.workbookPath ? (
                  <>
                    <button type="button" className="btn btn-sm workbook-open" onClick={() => void actions.openPath(f.workbookPath as string)} data-testid={`open-workbook-${f.family}`} title={`Open ${f.workbookPath}`} aria-label={`Open the ${FAMILY_LABEL[f.family]} workbook`}>
                      <FileIcon /> {FAMILY_LABEL[f.family]}
                      <span className="muted small workbook-rows">{plural(f.rows, 'row')}</span>
                    </button>
                    <button
                      type="button"
                      className="btn btn-sm icon-only"
                      onClick={() => void actions.showInFolder(f.workbookPath as string)}
                      title={host === 'browser' ? `The browser host cannot open a file manager: this shows where the file is on the host (${f.workbookPath}); Open downloads it.` : `Show in folder: ${f.workbookPath}`}
                      aria-label={`${host === 'browser' ? 'Show path of' : 'Show in folder'} the ${FAMILY_LABEL[f.family]} workbook`}
                      data-testid={`show-in-folder-${f.family}`}
                    >
                      <FolderIcon />
                    </button>
                  </>
                ) : (
                  <span className="muted small">{FAMILY_LABEL[f.family]}: no workbook</span>
                )}
              </li>
            ))}
          </ul>
          <div className="results-head-actions">
            <EarlierRunsMenu />
            <button type="button" className="btn btn-sm" onClick={() => actions.setResultsUi({ tab: 'changes' })} data-testid="compare-earlier-button" title="Rows added, removed and changed since an earlier run">
              Compare…
            </button>
            <button type="button" className="btn btn-ghost btn-sm" aria-expanded={details} onClick={() => setDetails(!details)} data-testid="results-details-toggle">
              Details
            </button>
          </div>
        </div>
        {details && (
          <dl className="results-details small" data-testid="results-details">
            <dt>Output folder</dt>
            <dd className="mono">{summary.outputDir}</dd>
            {summary.families.map((f) => (
              <div key={f.family} className="results-details-family">
                <dt>{FAMILY_LABEL[f.family]}</dt>
                <dd>
                  {plural(f.systems, 'system')} · {plural(f.rows, 'row')}
                  {f.workbookPath && <span className="mono"> · {f.workbookPath}</span>}
                  {f.jsonPath && (
                    <span className="mono json-path" title={f.jsonPath} data-testid={`json-path-${f.family}`}>
                      {' '}
                      · {f.jsonPath}
                    </span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        )}
        {summary.failedFiles.length > 0 && (
          <div className="warnings" data-testid="failed-files" role="alert">
            <h3>{partialWhy(summary.failedFiles)}</h3>
            <ul>
              {summary.failedFiles.map((f) => (
                <li key={f.relPath} data-testid="failed-file">
                  <span className="mono">{f.relPath}</span> — {f.reason}
                </li>
              ))}
            </ul>
            {summary.outcome === 'partial' && (
              <button type="button" className="btn" onClick={() => void actions.retryFailed()} data-testid="retry-failed-button" title="Search these files again and rewrite the workbooks">
                Retry failed files
              </button>
            )}
          </div>
        )}
        {summary.outcome === 'cancelled' && summary.families.length > 0 && (
          <p className="muted small" data-testid="cancelled-note">
            {cancelledNote(summary.families.length, summary.filesSearched, summary.filesTotal)}
          </p>
        )}
        {summary.familiesWithoutWorkbook.length > 0 && (
          <ul className="muted small" data-testid="families-without-workbook">
            {summary.familiesWithoutWorkbook.map((f) => (
              <li key={f.family}>
                No {FAMILY_LABEL[f.family]} workbook: {f.reason}
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="tabs" role="tablist" aria-label="Results">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            id={`results-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={ui.tab === t.id}
            aria-controls={ui.tab === t.id ? `results-panel-${t.id}` : undefined}
            tabIndex={ui.tab === t.id ? 0 : -1}
            className="tab"
            onClick={() => actions.setResultsUi({ tab: t.id })}
            onKeyDown={(e) => onTabKey(e, i)}
            data-testid={`results-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>

      <div className="tab-panel" id={`results-panel-${ui.tab}`} role="tabpanel" aria-labelledby={`results-tab-${ui.tab}`}>
        {ui.tab === 'summary' && <SummaryPanel data={data} all={all} onOpen={openSearch} />}
        {ui.tab === 'searches' && family && <SearchesPanel data={data} family={family} selected={ui.search} />}
        {ui.tab === 'checks' && family && <ChecksPanel data={data} family={family} onFamily={(f) => actions.setResultsUi({ family: f })} />}
        {ui.tab === 'changes' && family && <DriftView data={data} family={family} onFamily={(f) => actions.setResultsUi({ family: f })} />}
        {ui.tab === 'systems' && family && <SystemsPanel data={data} family={family} />}
      </div>
    </section>
  );
}

/** What the workbooks of a graceful cancel hold: a reader must not take them for the whole folder. */
function cancelledNote(workbooks: number, searched: number, total: number): string {
  const them = workbooks === 1 ? 'The workbook holds' : 'The workbooks hold';
  const sheets = workbooks === 1 ? 'its Summary sheet says' : 'their Summary sheets say';
  return `${them} the ${plural(searched, 'file')} searched before the run was cancelled, and ${sheets} so; the other ${plural(total - searched, 'file')} ${total - searched === 1 ? 'was' : 'were'} not searched. Run again to search them all.`;
}

function SummaryPanel({ data, all, onOpen }: { data: ResultsOverview; all: SearchOverview[]; onOpen: (s: SearchOverview) => void }) {
  const empty = all.filter((s) => s.totalRows === 0);
  return (
    <div className="summary" data-testid="results-summary">
      <div className="family-cards">
        {data.families.map((f) => (
          <div key={f.family} className={`family-card family-${f.family}`} data-testid={`systems-per-family-${f.family}`}>
            <span className="family-card-value">{f.systems.length}</span>
            <span className="family-card-label">{FAMILY_LABEL[f.family]} {f.systems.length === 1 ? 'system' : 'systems'}</span>
            <span className="muted small">{plural(f.searches.filter((s) => s.totalRows > 0).length, 'search', 'searches')} with hits</span>
          </div>
        ))}
      </div>
      <div className="summary-grid">
        <section className="card" aria-labelledby="hits-title">
          <header className="card-header">
            <h2 id="hits-title">Hits per search</h2>
          </header>
          <HitsChart searches={all} onOpen={onOpen} />
        </section>
        <section className="card" aria-labelledby="empty-title">
          <header className="card-header">
            <h2 id="empty-title">No results</h2>
            <span className="card-meta">{empty.length}</span>
          </header>
          {all.length === 0 ? (
            <p className="muted">No search ran on these results.</p>
          ) : empty.length === 0 ? (
            <p className="muted">Every search found something.</p>
          ) : (
            <ul className="empty-searches" data-testid="empty-searches">
              {empty.map((s) => (
                <li key={`${s.family}:${s.index}`} title={s.comment ?? ''}>
                  <span className={`family-dot family-${s.family}`} aria-hidden="true" />
                  {s.search}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function FamilyPicker({ data, family }: { data: ResultsOverview; family: OsFamily }) {
  const actions = useActions();
  if (data.families.length < 2) return null;
  return (
    <div className="segmented" role="radiogroup" aria-label="OS family" data-testid="family-picker">
      {data.families.map((f) => (
        <label key={f.family} className={`segment${f.family === family ? ' is-selected' : ''}`}>
          <input type="radio" name="results-family" checked={f.family === family} onChange={() => actions.setResultsUi({ family: f.family })} />
          {FAMILY_LABEL[f.family]}
        </label>
      ))}
    </div>
  );
}

/** The family's systems; one of them opens across all its searches (the System view). */
function SystemsPanel({ data, family }: { data: ResultsOverview; family: OsFamily }) {
  const [open, setOpen] = useState<{ family: OsFamily; system: string } | null>(null);
  if (open && open.family === family) return <SystemView family={family} system={open.system} onBack={() => setOpen(null)} />;
  return (
    <>
      <FamilyPicker data={data} family={family} />
      <ResultsSystemsTable systems={data.families.find((f) => f.family === family)?.systems ?? []} onOpen={(system) => setOpen({ family, system })} />
    </>
  );
}

function SearchesPanel({ data, family, selected }: { data: ResultsOverview; family: OsFamily; selected: number | null }) {
  const actions = useActions();
  const [mode, setMode] = useState<'rows' | 'compare'>('rows');
  const tableRef = useRef<HTMLDivElement>(null);
  const [intoTable, setIntoTable] = useState(0);
  const searches = data.families.find((f) => f.family === family)?.searches ?? [];
  const current = searches.find((s) => s.index === selected) ?? searches.find((s) => s.totalRows > 0) ?? searches[0] ?? null;
  const open = (index: number, focusTable: boolean) => {
    actions.setResultsUi({ search: index });
    if (focusTable) setIntoTable((n) => n + 1);
  };
  // Enter in the search list: the keyboard goes on into the rows of the search it opened.
  useEffect(() => {
    if (intoTable > 0) tableRef.current?.querySelector<HTMLElement>('[data-testid="search-table-body"], [data-testid="compare-grid"]')?.focus();
  }, [intoTable]);

  return (
    <div className="searches-panel">
      <FamilyPicker data={data} family={family} />
      <div className="searches-layout">
        <SearchList searches={searches} current={current?.index ?? null} onOpen={open} badge={(s) => <DriftBadge family={s.family} search={s.search} />} />
        <div className="search-table-wrap" ref={tableRef}>
          {current && (
            <div className="segmented view-mode" role="radiogroup" aria-label="Show" data-testid="view-mode">
              {(['rows', 'compare'] as const).map((m) => (
                <label key={m} className={`segment${mode === m ? ' is-selected' : ''}`}>
                  <input type="radio" name="results-view-mode" checked={mode === m} onChange={() => setMode(m)} data-testid={`view-mode-${m}`} />
                  {m === 'rows' ? 'Rows' : 'Compare systems'}
                </label>
              ))}
            </div>
          )}
          {!current ? (
            <p className="empty">No searches for this family.</p>
          ) : mode === 'compare' ? (
            <CompareView key={`${current.family}:${current.index}`} search={current} />
          ) : (
            <SearchTable key={`${current.family}:${current.index}`} search={current} />
          )}
        </div>
      </div>
    </div>
  );
}
