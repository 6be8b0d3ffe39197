import type { SearchSetReport } from '../../../src-main/contract/ipc';
import { FAMILY_LABEL } from '../lib/families';
import { baseName, plural } from '../lib/format';
import { isBusy } from '../store/app-store';
import { useActions, useApp } from '../store/context';
import { sameSetRef, setRefKey } from '../store/selection';
import { filterText, optionsText, problemLocation } from './configText';
import { AlertIcon, FileIcon } from './icons';

const FAMILY_ORDER = ['Linux', 'Windows', 'Darwin', 'ActiveDirectory', 'Any'] as const;
const COUNT_LABEL: Record<(typeof FAMILY_ORDER)[number], string> = { ...FAMILY_LABEL, Any: 'Any family' };

export interface SearchSetPanelProps {
  reportOpen: boolean;
  onToggleReport: () => void;
}

export function SearchSetPanel({ reportOpen, onToggleReport }: SearchSetPanelProps) {
  const sets = useApp((s) => s.searchSets);
  const selected = useApp((s) => s.selectedSet);
  const report = useApp((s) => s.report);
  const busy = useApp(isBusy);
  const actions = useActions();

  return (
    <section className="card searchset-card" aria-labelledby="searchset-title" aria-busy={report.status === 'loading'}>
      <header className="card-header">
        <h2 id="searchset-title">Search set</h2>
      </header>
      <fieldset className="set-picker" data-testid="search-set-picker" disabled={busy}>
        <legend className="visually-hidden">Search set</legend>
        {sets.map((set) => {
          const key = setRefKey(set.ref);
          return (
            <label key={key} className={`set-option${sameSetRef(set.ref, selected) ? ' is-selected' : ''}`} data-testid="search-set-option" data-ref={key}>
              <input
                type="radio"
                name="search-set"
                value={key}
                checked={sameSetRef(set.ref, selected)}
                onChange={() => void actions.selectSearchSet(set.ref)}
              />
              <span className="set-option-text">
                <span className="set-title">{set.title}</span>
                <span className="set-desc">{set.description}</span>
              </span>
            </label>
          );
        })}
        <button type="button" className="btn choose-file" onClick={() => void actions.chooseSearchFile()} data-testid="choose-search-file">
          <FileIcon /> Choose YAML file…
        </button>
      </fieldset>

      {report.status === 'loading' && <p className="muted loading-line">Checking the search set…</p>}
      {report.status === 'error' && (
        <p className="error-text" role="alert" data-testid="search-set-error">
          The search set could not be read: {report.error}
        </p>
      )}
      {report.status === 'ready' && <ReportView report={report.data} reportOpen={reportOpen} onToggleReport={onToggleReport} />}
    </section>
  );
}

function ReportView({ report, reportOpen, onToggleReport }: { report: SearchSetReport } & SearchSetPanelProps) {
  return (
    <div className="report" data-testid="search-set-report">
      {report.problems.length > 0 && (
        <div className="problems" role="alert" data-testid="config-problems">
          <h3>
            <AlertIcon /> {plural(report.problems.length, 'problem')} — fix {report.problems.length === 1 ? 'it' : 'them'} to run
          </h3>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i} data-testid="config-problem">
                <code className="problem-location" data-testid="config-problem-location">{problemLocation(p)}</code>
                {p.search && <span className="problem-search"> in “{p.search}”</span>}
                <span className="problem-message">{p.message}</span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {report.warnings.length > 0 && (
        <div className="warnings" data-testid="config-warnings">
          <h3>{plural(report.warnings.length, 'warning')}</h3>
          <ul>
            {report.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}

      <div className="family-counts" aria-label="Searches per OS family">
        <div className="count-total" data-testid="search-count">
          <span className="count-value">{report.searchCount}</span>
          <span className="count-label">searches</span>
        </div>
        {FAMILY_ORDER.filter((f) => (f !== 'Any' && f !== 'ActiveDirectory') || report.perFamily[f] > 0).map((f) => (
          <div key={f} className={`count-chip family-${f}`} data-testid={`search-count-${f}`}>
            <span className="count-value">{report.perFamily[f]}</span>
            <span className="count-label">{COUNT_LABEL[f]}</span>
          </div>
        ))}
      </div>
      <p className="muted small" title={report.files.join('\n')}>
        {plural(report.files.length, 'YAML file')} read{report.files[0] ? `: ${report.files.map(baseName).slice(0, 4).join(', ')}${report.files.length > 4 ? ', …' : ''}` : ''}
      </p>

      {report.searches.length > 0 && (
        <button type="button" className="btn btn-link report-toggle" aria-expanded={reportOpen} aria-controls="config-report" onClick={onToggleReport} data-testid="config-report-toggle">
          {reportOpen ? 'Hide' : 'Show'} configuration report
        </button>
      )}
    </div>
  );
}

/** Every search of the set: where it comes from, what it applies to and how it is configured. */
export function ConfigReport() {
  const report = useApp((s) => (s.report.status === 'ready' ? s.report.data : null));
  if (!report) return null;
  return (
    <section className="card" id="config-report" aria-labelledby="config-report-title">
      <header className="card-header">
        <h2 id="config-report-title">Configuration report</h2>
        <span className="card-meta">{plural(report.searches.length, 'search', 'searches')}</span>
      </header>
      <div className="table-scroll config-table-wrap">
        <table className="table table-compact" data-testid="config-report" aria-label="Configuration report">
          <thead>
            <tr>
              <th scope="col" className="num">#</th>
              <th scope="col">Search</th>
              <th scope="col">Family</th>
              <th scope="col">Filters</th>
              <th scope="col">Options</th>
              <th scope="col">Applies to</th>
            </tr>
          </thead>
          <tbody>
            {report.searches.map((s) => (
              <tr key={s.index} data-testid="config-report-row">
                <td className="num muted">{s.index + 1}</td>
                <td>
                  <span className="cell-strong">{s.name}</span>
                  {s.comment && <span className="cell-sub">{s.comment}</span>}
                  <span className="cell-sub mono" title={s.source.file}>
                    {baseName(s.source.file)}:{s.source.line}
                  </span>
                </td>
                <td>{s.family ? <span className={`family-chip family-${s.family}`}>{s.family}</span> : <span className="muted">any</span>}</td>
                <td className="mono small">{s.filters.length ? s.filters.map(filterText).join(' and ') : <span className="muted">none</span>}</td>
                <td className="small">{optionsText(s.options).join(' · ') || <span className="muted">defaults</span>}</td>
                <td className="small">{s.appliesTo.length ? s.appliesTo.join(', ') : <span className="muted">no system</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
