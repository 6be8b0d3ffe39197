// Results → Changes (issue 14): the shown run against an earlier one — per search and per system,
// the rows added, removed and changed (same key, another value), with their counts, and the
// systems present in only one of the two runs. The host compares the runs' results JSON in a
// worker (run-diff.ts: rows matched without line numbers, in any order); this view lists it.
import { useEffect, useMemo, useState } from 'react';
import type { Cell, FamilyDrift, OsFamily, ResultsOverview, RunDrift, SearchOverview } from '../../../src-main/contract/ipc';
import { FAMILY_LABEL } from '../lib/families';
import { formatCount, plural } from '../lib/format';
import { sourceTargetOfRow, type SourceTarget } from '../results/source-target';
import { useActions, useApp } from '../store/context';
import { RunHistoryList } from './RunHistoryList';
import { ShowInFile } from './ShowInFile';
import './source-views.css';

/** Rows of one search listed at once; the rest are counted. */
const MAX_LISTED = 500;

type Kind = 'added' | 'removed' | 'changed';
interface ChangeRow {
  kind: Kind;
  /** The row now (added, changed) or as it was (removed). */
  row: Cell[];
  before: Cell[] | null;
}

function when(iso: string | null): string {
  if (!iso) return 'an earlier run';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `the run of ${d.toLocaleString()}`;
}

function Counts({ added, removed, changed }: { added: number; removed: number; changed: number }) {
  if (added + removed + changed === 0) return <span className="drift-counts muted">no change</span>;
  return (
    <span className="drift-counts" aria-label={`${added} added, ${removed} removed, ${changed} changed`}>
      {added > 0 && <span className="d-added">+{added}</span>}
      {removed > 0 && <span className="d-removed">−{removed}</span>}
      {changed > 0 && <span className="d-changed">~{changed}</span>}
    </span>
  );
}

/** In the search list: the search's changes since the earlier run being compared with, if any. */
export function DriftBadge({ family, search }: { family: OsFamily; search: string }) {
  const d = useApp((s) => (s.drift.status === 'ready' ? s.drift.data.families.find((f) => f.family === family)?.searches.find((x) => x.search === search) : undefined));
  if (!d) return null;
  return (
    <span className="drift-badge" title="Rows added, removed and changed since the earlier run (Results → Changes)" data-testid="search-drift">
      <Counts added={d.added.length} removed={d.removed.length} changed={d.changed.length} />
    </span>
  );
}

/** Choosing the earlier run: one from the history, or a results folder / JSON from the host's picker. */
function PickEarlier({ onCancel }: { onCancel?: () => void }) {
  const actions = useActions();
  return (
    <div className="drift-pick card" data-testid="drift-pick">
      <p className="muted small">
        Compare the results shown with an earlier run of the same systems: its rows are matched without their line numbers and in any order; a row whose key stays (the system and the
        search&apos;s first field) but whose value differs counts as changed.
      </p>
      <RunHistoryList onPick={(e) => void actions.compareWithRun(e.manifestPath)} />
      <div className="drift-head">
        <button type="button" className="btn" onClick={() => void actions.chooseEarlierRun()} data-testid="drift-choose-results">
          Choose a results folder or JSON…
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}

export function DriftView({ data, family, onFamily }: { data: ResultsOverview; family: OsFamily; onFamily: (f: OsFamily) => void }) {
  const drift = useApp((s) => s.drift);
  const actions = useActions();
  const [picking, setPicking] = useState(false);
  // Another run was chosen (or its comparison failed): the picker has done its part.
  useEffect(() => setPicking(false), [drift]);

  if (drift.status === 'idle' || picking) {
    return (
      <section className="drift-view" data-testid="drift-view" aria-labelledby="drift-title">
        <div className="drift-head">
          <h2 id="drift-title">Compare with earlier run…</h2>
        </div>
        <PickEarlier onCancel={picking ? () => setPicking(false) : undefined} />
      </section>
    );
  }
  if (drift.status === 'loading') {
    return (
      <p className="muted" data-testid="drift-loading">
        Comparing with <span className="mono">{drift.path}</span>…
      </p>
    );
  }
  if (drift.status === 'error') {
    return (
      <section className="drift-view" data-testid="drift-view">
        <p className="error-text" role="alert" data-testid="drift-error">
          The runs could not be compared: {drift.error}
        </p>
        <PickEarlier />
      </section>
    );
  }
  return <DriftResult data={data} drift={drift.data} family={family} onFamily={onFamily} onPickAnother={() => setPicking(true)} onClear={() => actions.clearDrift()} />;
}

function DriftResult({
  data,
  drift,
  family,
  onFamily,
  onPickAnother,
  onClear,
}: {
  data: ResultsOverview;
  drift: RunDrift;
  family: OsFamily;
  onFamily: (f: OsFamily) => void;
  onPickAnother: () => void;
  onClear: () => void;
}) {
  const [onlyChanged, setOnlyChanged] = useState(true);
  const [selected, setSelected] = useState<{ kind: 'search'; search: string } | { kind: 'system'; system: string } | null>(null);
  const [source, setSource] = useState<SourceTarget | null>(null);
  const compared = drift.families.map((f) => f.family);
  const shownFamily = compared.includes(family) ? family : (compared[0] ?? family);
  const fam: FamilyDrift | undefined = drift.families.find((f) => f.family === shownFamily);
  const overview = data.families.find((f) => f.family === shownFamily);
  const total = (fam?.searches ?? []).reduce((n, s) => n + s.added.length + s.removed.length + s.changed.length, 0);

  // Every search of the shown run, changed ones first in their order, then (when asked) the rest.
  const searchItems = useMemo(() => {
    const changed = (fam?.searches ?? []).map((s) => ({ search: s.search, added: s.added.length, removed: s.removed.length, changed: s.changed.length }));
    if (onlyChanged) return changed;
    const seen = new Set(changed.map((s) => s.search));
    return [...changed, ...(overview?.searches ?? []).filter((s) => !seen.has(s.search)).map((s) => ({ search: s.search, added: 0, removed: 0, changed: 0 }))];
  }, [fam, overview, onlyChanged]);
  const systemItems = useMemo(() => {
    const counted = fam?.bySystem ?? [];
    if (onlyChanged) return counted;
    const seen = new Set(counted.map((s) => s.system));
    return [...counted, ...(overview?.systems ?? []).filter((s) => !seen.has(s.systemName)).map((s) => ({ system: s.systemName, added: 0, removed: 0, changed: 0 }))];
  }, [fam, overview, onlyChanged]);

  const current = selected ?? (searchItems[0] ? { kind: 'search' as const, search: searchItems[0].search } : null);
  const rows = useMemo(() => changeRows(fam, current), [fam, current]);
  const searchOf = (name: string): SearchOverview | undefined => overview?.searches.find((s) => s.search === name);

  return (
    <section className="drift-view" data-testid="drift-view" aria-labelledby="drift-title">
      <div className="drift-head">
        <h2 id="drift-title">Changes since {when(drift.baseline.startedAt)}</h2>
        <span className="muted small mono" title={drift.baseline.files.join('\n')} data-testid="drift-baseline">
          {drift.baseline.path}
        </span>
        <button type="button" className="btn btn-small" onClick={onPickAnother} data-testid="drift-pick-another">
          Compare with another run…
        </button>
        <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
          Clear
        </button>
      </div>
      {compared.length > 1 && (
        <div className="segmented" role="radiogroup" aria-label="OS family">
          {compared.map((f) => (
            <label key={f} className={`segment${f === shownFamily ? ' is-selected' : ''}`}>
              <input type="radio" name="drift-family" checked={f === shownFamily} onChange={() => onFamily(f)} />
              {FAMILY_LABEL[f]}
            </label>
          ))}
        </div>
      )}
      {(drift.onlyBaseline.length > 0 || drift.onlyCurrent.length > 0) && (
        <p className="muted small" data-testid="drift-families-apart">
          {drift.onlyCurrent.length > 0 && `Only in this run, not compared: ${drift.onlyCurrent.map((f) => FAMILY_LABEL[f]).join(', ')}. `}
          {drift.onlyBaseline.length > 0 && `Only in the earlier run: ${drift.onlyBaseline.map((f) => FAMILY_LABEL[f]).join(', ')}.`}
        </p>
      )}
      {!fam ? (
        <p className="muted">The two runs have no OS family in common: nothing to compare.</p>
      ) : (
        <>
          <div className="drift-head">
            <span data-testid="drift-total" data-total={total}>
              {total === 0 ? 'No row changed' : `${plural(total, 'row')} changed in ${plural(fam.searches.length, 'search', 'searches')}`}
            </span>
            <label className="compare-control">
              <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} data-testid="drift-only-changed" />
              Only what changed
            </label>
          </div>
          {(fam.systems.added.length > 0 || fam.systems.removed.length > 0) && (
            <div className="drift-systems-note card" data-testid="drift-systems-apart">
              {fam.systems.added.length > 0 && (
                <div data-testid="drift-systems-added">
                  <strong>Systems only in this run</strong> ({fam.systems.added.length}): <span className="mono">{fam.systems.added.join(', ')}</span>
                </div>
              )}
              {fam.systems.removed.length > 0 && (
                <div data-testid="drift-systems-removed">
                  <strong>Systems only in the earlier run</strong> ({fam.systems.removed.length}): <span className="mono">{fam.systems.removed.join(', ')}</span>
                </div>
              )}
            </div>
          )}
          <div className="drift-layout">
            <div className="drift-side">
              <DriftList
                title="Per search"
                items={searchItems.map((s) => ({ name: s.search, ...s }))}
                selected={current?.kind === 'search' ? current.search : null}
                onSelect={(name) => setSelected({ kind: 'search', search: name })}
                testId="drift-search"
                empty="No search changed."
              />
              <DriftList
                title="Per system"
                items={systemItems.map((s) => ({ name: s.system, ...s }))}
                selected={current?.kind === 'system' ? current.system : null}
                onSelect={(name) => setSelected({ kind: 'system', system: name })}
                testId="drift-system"
                empty="No system changed."
              />
            </div>
            <div className="card drift-rows" data-testid="drift-rows">
              {current === null ? (
                <p className="muted">Nothing changed.</p>
              ) : (
                <ChangeTable
                  title={current.kind === 'search' ? current.search : `${current.system}: every search`}
                  groups={rows}
                  onShow={(searchName, header, row) => {
                    const s = searchOf(searchName);
                    const target = s ? sourceTargetOfRow(s, header, row) : null;
                    if (target) setSource(target);
                  }}
                />
              )}
            </div>
          </div>
        </>
      )}
      {source && <ShowInFile target={source} onClose={() => setSource(null)} />}
    </section>
  );
}

interface DriftItem {
  name: string;
  added: number;
  removed: number;
  changed: number;
}

/** Searches or systems with their counts; choosing one lists its changes. */
function DriftList({ title, items, selected, onSelect, testId, empty }: { title: string; items: DriftItem[]; selected: string | null; onSelect: (name: string) => void; testId: 'drift-search' | 'drift-system'; empty: string }) {
  const attr = testId === 'drift-search' ? 'data-search' : 'data-system';
  return (
    <nav className="card" aria-label={title}>
      <h3 className="card-title-small">{title}</h3>
      <ul className="drift-list" data-testid={`${testId === 'drift-search' ? 'drift-searches' : 'drift-systems'}`}>
        {items.map((item) => (
          <li key={item.name}>
            <button
              type="button"
              className={`drift-item${selected === item.name ? ' is-selected' : ''}${item.added + item.removed + item.changed === 0 ? ' is-unchanged' : ''}`}
              aria-current={selected === item.name ? 'true' : undefined}
              onClick={() => onSelect(item.name)}
              data-testid={testId}
              {...{ [attr]: item.name }}
            >
              <span className="drift-name">{item.name}</span>
              <Counts added={item.added} removed={item.removed} changed={item.changed} />
            </button>
          </li>
        ))}
        {items.length === 0 && <li className="muted small">{empty}</li>}
      </ul>
    </nav>
  );
}

interface ChangeGroup {
  search: string;
  header: string[];
  rows: ChangeRow[];
}

/** The changes of one search, or of one system across every search. */
function changeRows(fam: FamilyDrift | undefined, sel: { kind: 'search'; search: string } | { kind: 'system'; system: string } | null): ChangeGroup[] {
  if (!fam || !sel) return [];
  const groups: ChangeGroup[] = [];
  for (const s of fam.searches) {
    if (sel.kind === 'search' && s.search !== sel.search) continue;
    const sys = s.header.indexOf('System Name');
    const keep = (row: Cell[]) => sel.kind === 'search' || row[sys] === sel.system;
    const rows: ChangeRow[] = [
      ...s.changed.filter((c) => keep(c.after)).map((c) => ({ kind: 'changed' as const, row: c.after, before: c.before })),
      ...s.added.filter(keep).map((row) => ({ kind: 'added' as const, row, before: null })),
      ...s.removed.filter(keep).map((row) => ({ kind: 'removed' as const, row, before: null })),
    ];
    if (rows.length > 0) groups.push({ search: s.search, header: s.header, rows });
  }
  return groups;
}

const KIND_LABEL: Record<Kind, string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

function ChangeTable({ title, groups, onShow }: { title: string; groups: ChangeGroup[]; onShow: (search: string, header: string[], row: Cell[]) => void }) {
  if (groups.length === 0) return <p className="muted">No row of {title} changed.</p>;
  return (
    <div className="drift-groups">
      {groups.map((g) => {
        const columns = g.header.map((name, i) => ({ name, i })).filter((c) => c.name !== 'Line Number');
        const line = g.header.indexOf('Line Number');
        return (
          <section key={g.search} className="drift-group" data-testid="drift-group" data-search={g.search}>
            <h3 className="card-title-small">
              {g.search} <span className="muted small">· {formatCount(g.rows.length)} {g.rows.length === 1 ? 'row' : 'rows'}</span>
            </h3>
            <div className="mini-table-scroll">
              <table className="mini-table">
                <thead>
                  <tr>
                    <th scope="col">Change</th>
                    {columns.map((c) => (
                      <th key={c.i} scope="col">
                        {c.name}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      Line
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {g.rows.slice(0, MAX_LISTED).map((r, n) => (
                    <tr key={n} className={`drift-row-${r.kind}`} data-testid="drift-row" data-kind={r.kind}>
                      <td>
                        <span className={`drift-kind d-${r.kind}`}>{KIND_LABEL[r.kind]}</span>
                      </td>
                      {columns.map((c) => {
                        const now = r.row[c.i] ?? '';
                        const was = r.before?.[c.i] ?? '';
                        const differs = r.before !== null && String(was) !== String(now) && c.name !== 'Matched Text';
                        return (
                          <td key={c.i} className={c.name === 'System Name' ? '' : 'mono'} data-column={c.name}>
                            {differs && (
                              <>
                                <span className="drift-before">{String(was) || '—'}</span> →{' '}
                              </>
                            )}
                            {String(now)}
                          </td>
                        );
                      })}
                      <td className="num">
                        {r.kind !== 'removed' && Number(r.row[line]) > 0 ? (
                          <button type="button" className="btn-link" onClick={() => onShow(g.search, g.header, r.row)} title="Show in file (this run's file)" data-testid="drift-show-in-file">
                            {String(r.row[line])}
                          </button>
                        ) : (
                          <span className="muted">{String(r.row[line] ?? '')}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {g.rows.length > MAX_LISTED && <p className="muted small">{formatCount(g.rows.length - MAX_LISTED)} more rows not listed here (kpat diff --json writes them all).</p>}
          </section>
        );
      })}
    </div>
  );
}
