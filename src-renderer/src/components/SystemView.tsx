// Results → Systems → one system (issue 14): everything found for one host across all the
// searches of its family, and the searches that found nothing for it — the coverage gaps. A search
// whose section the file does not have at all points at an old or partial collection; one whose
// section is there found nothing to report. The host reads the file's sections in a worker (after
// checking its SHA-384), and says so when it cannot.
import { useEffect, useMemo, useState } from 'react';
import type { OsFamily, SystemSearchView, SystemView as SystemViewData } from '../../../src-main/contract/ipc';
import { formatCount, plural } from '../lib/format';
import { displayOs } from '../lib/review';
import { sourceTargetOfRow, type SourceTarget } from '../results/source-target';
import { useActions } from '../store/context';
import { ShowInFile } from './ShowInFile';
import { producerLabel } from './SystemsPanel';
import './source-views.css';

/** Why a search has no rows for this system, in the auditor's words. */
function gapReason(s: SystemSearchView): string {
  if (s.state === 'failed') return 'The file was not searched to the end (see the failed files above)';
  if (s.sectionPresent === false) return `Section ${s.section} is not in this file: an older collector version or a partial collection`;
  if (s.sectionPresent === true) return `Section ${s.section} is there; nothing in it matched`;
  return 'Searched, nothing found';
}

export function SystemView({ family, system, onBack }: { family: OsFamily; system: string; onBack: () => void }) {
  const actions = useActions();
  const [data, setData] = useState<SystemViewData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [source, setSource] = useState<SourceTarget | null>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    setError(null);
    actions.systemView({ family, system }).then(
      (d) => live && setData(d),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [actions, family, system]);

  const groups = useMemo(() => {
    const all = data?.searches ?? [];
    const gaps = all.filter((s) => s.state === 'none' || s.state === 'failed');
    return {
      found: all.filter((s) => s.state === 'found'),
      // Missing sections first: they are what a re-collection fixes.
      gaps: [...gaps.filter((s) => s.sectionPresent === false), ...gaps.filter((s) => s.sectionPresent !== false)],
      missingSections: gaps.filter((s) => s.sectionPresent === false).length,
      notApplicable: all.filter((s) => s.state === 'not-applicable'),
    };
  }, [data]);

  return (
    <section className="system-view" data-testid="system-view" data-system={system} aria-labelledby="system-view-title">
      <div className="system-view-head">
        <button type="button" className="btn btn-small" onClick={onBack} data-testid="system-view-back">
          ← All systems
        </button>
        <h2 id="system-view-title">{system}</h2>
        {data && (
          <span className="muted small">
            {displayOs(data.system) ?? data.system.osFamily} · {producerLabel(data.system)} · <span className="mono">{data.system.relPath}</span>
          </span>
        )}
      </div>
      {error && (
        <p className="error-text" role="alert">
          The system could not be shown: {error}
        </p>
      )}
      {!data && !error && <p className="muted">Loading…</p>}
      {data && (
        <>
          <div className="system-counts" data-testid="system-counts">
            <span className="cover-chip tone-ok" data-testid="system-count-found">
              <strong>{groups.found.length}</strong> {groups.found.length === 1 ? 'search' : 'searches'} found rows
            </span>
            <span className="cover-chip" data-testid="system-count-none">
              <strong>{groups.gaps.length}</strong> found nothing
            </span>
            {groups.missingSections > 0 && (
              <span className="cover-chip tone-warn" data-testid="system-count-missing">
                <strong>{groups.missingSections}</strong> {groups.missingSections === 1 ? 'section' : 'sections'} missing from the file
              </span>
            )}
            {groups.notApplicable.length > 0 && (
              <span className="cover-chip">
                <strong>{groups.notApplicable.length}</strong> {groups.notApplicable.length === 1 ? 'does' : 'do'} not apply
              </span>
            )}
          </div>
          {data.sectionsNote && (
            <p className="muted small" data-testid="system-sections-note">
              Which sections the file has is not known: {data.sectionsNote}.
            </p>
          )}

          <section className="card" aria-labelledby="coverage-title">
            <h3 id="coverage-title" className="card-title-small">
              Coverage gaps <span className="muted">· searches that found nothing for {system}</span>
            </h3>
            {groups.gaps.length === 0 ? (
              <p className="muted small">Every search that applies found something.</p>
            ) : (
              <ul className="coverage-list" data-testid="coverage-gaps">
                {groups.gaps.map((s) => (
                  <li key={s.index} className={`coverage-item${s.sectionPresent === false || s.state === 'failed' ? ' is-gap' : ''}`} data-testid="coverage-gap" data-search={s.search} data-section-present={String(s.sectionPresent)}>
                    <span title={s.comment ?? undefined}>{s.search}</span>
                    <span className="coverage-why">{gapReason(s)}</span>
                  </li>
                ))}
              </ul>
            )}
            {groups.notApplicable.length > 0 && (
              <details className="muted small not-applicable">
                <summary>
                  {plural(groups.notApplicable.length, 'search', 'searches')} {groups.notApplicable.length === 1 ? 'does' : 'do'} not apply to this system ({groups.notApplicable.length === 1 ? 'its filters exclude' : 'their filters exclude'} it)
                </summary>
                <ul data-testid="not-applicable">
                  {groups.notApplicable.map((s) => (
                    <li key={s.index}>{s.search}</li>
                  ))}
                </ul>
              </details>
            )}
          </section>

          <section className="system-found" aria-labelledby="found-title">
            <h3 id="found-title" className="card-title-small">
              Found on {system}
            </h3>
            <div className="system-searches">
              {groups.found.map((s) => (
                <FoundSearch key={s.index} search={s} family={family} limit={data.rowLimit} onShow={setSource} />
              ))}
              {groups.found.length === 0 && <p className="muted">No search found anything on this system.</p>}
            </div>
          </section>
        </>
      )}
      {source && <ShowInFile target={source} onClose={() => setSource(null)} />}
    </section>
  );
}

function FoundSearch({ search, family, limit, onShow }: { search: SystemSearchView; family: OsFamily; limit: number; onShow: (t: SourceTarget) => void }) {
  const line = search.header.indexOf('Line Number');
  const columns = search.header.map((name, i) => ({ name, i })).filter((c) => c.name !== 'System Name' && c.name !== 'Line Number');
  return (
    <details className="system-search" data-testid="system-search" data-search={search.search}>
      <summary>
        {search.search} <span className="muted small">· {plural(search.total, 'row')}</span>
      </summary>
      <div className="mini-table-scroll">
        <table className="mini-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              {columns.map((c) => (
                <th key={c.i} scope="col">
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {search.rows.map((row, n) => {
              const target = sourceTargetOfRow({ family, index: search.index }, search.header, row);
              return (
                <tr key={n} data-testid="system-row">
                  <td className="num">
                    {target ? (
                      <button type="button" className="btn-link" onClick={() => onShow(target)} title="Show in file" data-testid="system-row-source">
                        {String(row[line])}
                      </button>
                    ) : (
                      String(row[line] ?? '')
                    )}
                  </td>
                  {columns.map((c) => (
                    <td key={c.i} className="mono">
                      {String(row[c.i] ?? '')}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {search.total > limit && (
        <p className="muted small">
          The first {formatCount(limit)} of {formatCount(search.total)} rows; Results → Searches shows them all.
        </p>
      )}
    </details>
  );
}
