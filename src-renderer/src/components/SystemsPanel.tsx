// The Review screen's systems: what the folder holds, before a run. Built for 1,000 systems: the
// table is windowed (only the rows in view are in the DOM), sortable and filterable, with counts
// per family and producer version, the files an auditor must look at twice (identical content,
// one host in several files, partial collections, collector versions the set's searches skip),
// the skipped files with a plain reason, and a checkbox per system to leave it out of the run.
import { useMemo, useRef, useState } from 'react';
import type { SystemInfo } from '../../../src-main/contract/ipc';
import { useElementSize, useViewportHeight } from '../hooks/useViewportHeight';
import { FAMILY_LABEL } from '../lib/families';
import { formatBytes, formatCount, plural } from '../lib/format';
import { displayOs, plainSkipReason, reviewFlags } from '../lib/review';
import { charsThatFit, shortNames } from '../results/system-names';
import { virtualWindow } from '../results/virtual-window';
import { useActions, useApp } from '../store/context';
import { FilterField } from './FilterField';
import { AlertIcon } from './icons';

/** A folder of thousands of unrelated files should not become thousands of list items. */
const SKIPPED_SHOWN = 500;
const ROW_HEIGHT = 46;
/** Until the viewport is measured (and in DOMs without layout, such as tests). */
const FALLBACK_VIEWPORT = 460;

/** kpadaudit writes no version line: its producer shows alone. */
export function producerLabel(s: SystemInfo): string {
  return s.producerVersion === '' ? s.producer.toLowerCase() : `${s.producer.toLowerCase()} ${s.producerVersion}`;
}

/** The rest of an Active Directory collection's attributes, under its domain in the OS column. */
export function activeDirectoryLine(s: SystemInfo): string | null {
  const ad = s.activeDirectory;
  if (!ad) return null;
  const parts = [
    `forest level ${ad.forestMode ?? 'not collected'}`,
    ad.collectedAt === null ? null : `collected ${ad.collectedAt}`,
    ad.collectorSystemType === null ? null : `on ${ad.collectorSystemType}`,
  ];
  return parts.filter((p) => p !== null).join(' · ');
}

type SortKey = 'name' | 'host' | 'family' | 'producer' | 'os';
const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'System · size · file' },
  { key: 'host', label: 'Host' },
  { key: 'family', label: 'Family' },
  { key: 'producer', label: 'Producer' },
  { key: 'os', label: 'OS' },
];

const sortValue: Record<SortKey, (s: SystemInfo) => string> = {
  name: (s) => s.systemName,
  host: (s) => s.hostName ?? '',
  family: (s) => FAMILY_LABEL[s.osFamily],
  producer: producerLabel,
  os: (s) => displayOs(s) ?? '',
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A few system names for a sentence: "a, b, c and 4 more". */
function namesOf(systems: readonly SystemInfo[], shown = 4): string {
  const names = systems.slice(0, shown).map((s) => s.systemName).join(', ');
  return systems.length > shown ? `${names} and ${formatCount(systems.length - shown)} more` : names;
}

/** Counts per key, largest first: "Linux 412 · Windows 380". */
function tally(systems: readonly SystemInfo[], key: (s: SystemInfo) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const s of systems) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || collator.compare(a[0], b[0]));
}

export function SystemsPanel() {
  const scan = useApp((s) => s.scan);
  const root = useApp((s) => s.root);
  const excludedList = useApp((s) => s.excluded);

  const skippedCount = scan.status === 'ready' ? scan.data.skipped.length : 0;
  const systems = scan.status === 'ready' ? scan.data.systems : [];
  const excludedCount = excludedList.length;

  return (
    <section className="card systems-card" aria-labelledby="systems-title" aria-busy={scan.status === 'loading'}>
      <header className="card-header">
        <h2 id="systems-title">Systems</h2>
        {scan.status === 'ready' && (
          <span className="card-meta" data-testid="systems-count">
            {plural(systems.length, 'system')} · {formatBytes(scan.data.totalBytes)}
            {excludedCount > 0 && <span data-testid="systems-excluded-count"> · {formatCount(excludedCount)} excluded</span>}
            {skippedCount > 0 && <span data-testid="systems-skipped-count"> · {plural(skippedCount, 'file')} skipped</span>}
          </span>
        )}
      </header>
      {root && <p className="path-line" title={root}>{root}</p>}
      {scan.status === 'loading' && <p className="muted loading-line">Reading the folder…</p>}
      {scan.status === 'error' && (
        <p className="error-text" role="alert" data-testid="scan-error">
          The folder could not be read: {scan.error}
        </p>
      )}
      {scan.status === 'ready' && (
        <>
          {systems.length === 0 ? (
            <p className="empty" data-testid="systems-empty">
              {scan.data.emptyReason ?? `No audit results were found here (${plural(scan.data.filesFound, 'file')} looked at).`}
            </p>
          ) : (
            <SystemsReview systems={systems} />
          )}
          {skippedCount > 0 && (
            <details className="skipped" data-testid="skipped-files">
              <summary>{plural(skippedCount, 'file')} skipped</summary>
              <ul className="skipped-list">
                {scan.data.skipped.slice(0, SKIPPED_SHOWN).map((f) => {
                  const plain = plainSkipReason(f.reason);
                  return (
                    <li key={f.filePath} data-testid="skipped-row">
                      <span className="mono" title={f.filePath}>{f.relPath}</span>
                      {plain ? (
                        <>
                          {' — '}
                          <span data-testid="skipped-reason">{plain}</span>
                          <span className="muted small skipped-detail"> ({f.reason})</span>
                        </>
                      ) : (
                        <span data-testid="skipped-reason"> — {f.reason}</span>
                      )}
                    </li>
                  );
                })}
                {skippedCount > SKIPPED_SHOWN && <li className="muted">and {formatCount(skippedCount - SKIPPED_SHOWN)} more</li>}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}

function SystemsReview({ systems }: { systems: readonly SystemInfo[] }) {
  const excludedList = useApp((s) => s.excluded);
  const searches = useApp((s) => (s.report.status === 'ready' ? s.report.data.searches : undefined));
  const actions = useActions();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 } | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const bodyRef = useRef<HTMLDivElement>(null);
  const viewport = useViewportHeight(bodyRef, FALLBACK_VIEWPORT);
  const nameHeadRef = useRef<HTMLTableCellElement>(null);
  // Bold 14px names beside a flag icon: a name too long for the column keeps where it differs from the others.
  const nameChars = charsThatFit(useElementSize(nameHeadRef, 'clientWidth', 300) - 20, 8.4);
  const names = useMemo(() => shortNames(systems.map((s) => s.systemName), nameChars), [systems, nameChars]);

  const excluded = useMemo(() => new Set(excludedList), [excludedList]);
  const flags = useMemo(() => reviewFlags(systems, searches), [systems, searches]);
  const families = useMemo(() => tally(systems, (s) => FAMILY_LABEL[s.osFamily]), [systems]);
  const producers = useMemo(() => tally(systems, producerLabel), [systems]);
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const list = needle
      ? systems.filter((s) => [s.systemName, s.relPath, s.hostName ?? '', displayOs(s) ?? '', producerLabel(s), FAMILY_LABEL[s.osFamily]].some((t) => t.toLowerCase().includes(needle)))
      : [...systems];
    if (sort) list.sort((a, b) => sort.dir * collator.compare(sortValue[sort.key](a), sortValue[sort.key](b)));
    return list;
  }, [systems, filter, sort]);


  const win = virtualWindow(shown.length, ROW_HEIGHT, scrollTop, viewport);
  const allShownExcluded = shown.length > 0 && shown.every((s) => excluded.has(s.relPath));
  const toggleSort = (key: SortKey) => setSort((s) => (s?.key !== key ? { key, dir: 1 } : s.dir === 1 ? { key, dir: -1 } : null));
  const flagged = flags.sameContent.length + flags.sameHost.length + flags.partial.length + flags.versionSkipped.length;

  return (
    <>
      <div className="review-counts" data-testid="systems-tally">
        {families.map(([label, n]) => (
          <span key={label} className="review-chip">
            {label} <strong>{formatCount(n)}</strong>
          </span>
        ))}
        <span className="review-counts-sep" aria-hidden="true" />
        {producers.map(([label, n]) => (
          <span key={label} className="review-chip review-chip-quiet" title="Collector script and version">
            {label} <strong>{formatCount(n)}</strong>
          </span>
        ))}
      </div>
      {flagged > 0 && (
        <div className="warnings review-flags" role="status" data-testid="review-flags">
          {flags.sameContent.length > 0 && (
            <p data-testid="flag-same-content">
              <AlertIcon className="warn-icon" /> {plural(flags.sameContent.reduce((n, g) => n + g.length, 0), 'file')} with identical content (same SHA-384) in{' '}
              {plural(flags.sameContent.length, 'group')}: the same collection counted more than once.
            </p>
          )}
          {flags.sameHost.length > 0 && (
            <p data-testid="flag-same-host">
              <AlertIcon className="warn-icon" /> {plural(flags.sameHost.length, 'host')} claimed by several different files: {flags.sameHost.map((g) => g[0]?.hostName).join(', ')}.
            </p>
          )}
          {flags.partial.length > 0 && (
            <p data-testid="flag-partial">
              <AlertIcon className="warn-icon" /> {plural(flags.partial.length, 'partial collection')}: the collector skipped modules or tests on{' '}
              {namesOf(flags.partial)}. Searches over the skipped parts find nothing there.
            </p>
          )}
          {flags.versionSkipped.length > 0 && (
            <p data-testid="flag-old-version">
              <AlertIcon className="warn-icon" /> {plural(flags.versionSkipped.length, 'system')} collected with a script version that{' '}
              {plural(new Set(flags.versionSkipped.flatMap((v) => v.searches)).size, 'version-filtered search', 'version-filtered searches')} of this set skip:{' '}
              {namesOf(flags.versionSkipped.map((v) => v.system))}. Collect them again with the current script to search them fully.
            </p>
          )}
        </div>
      )}
      <div className="review-toolbar">
        <FilterField
          label="Filter systems"
          placeholder="Filter systems…"
          value={filter}
          onChange={(value) => {
            setFilter(value);
            setScrollTop(0);
            if (bodyRef.current) bodyRef.current.scrollTop = 0;
          }}
          testId="systems-filter"
        />
        {filter.trim() && (
          <span className="muted small" data-testid="systems-shown">
            {formatCount(shown.length)} of {formatCount(systems.length)} shown
          </span>
        )}
      </div>
      <div className="table-scroll systems-scroll" ref={bodyRef} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <table className="table systems-table" data-testid="systems-table" aria-label="Systems found" aria-rowcount={shown.length + 1}>
          <colgroup>
            <col className="col-include" />
            <col className="col-name" />
            <col className="col-host" />
            <col className="col-family" />
            <col className="col-producer" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  checked={!allShownExcluded}
                  aria-label={filter.trim() ? 'Include the systems shown' : 'Include all systems'}
                  onChange={() => actions.setExcluded(shown.map((s) => s.relPath), !allShownExcluded)}
                  data-testid="include-all"
                />
              </th>
              {COLUMNS.map((c) => (
                <th key={c.key} ref={c.key === 'name' ? nameHeadRef : undefined} scope="col" aria-sort={sort?.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" className="th-sort" onClick={() => toggleSort(c.key)} data-testid={`systems-sort-${c.key}`}>
                    {c.label}
                    <span aria-hidden="true" className="sort-mark">
                      {sort?.key === c.key ? (sort.dir === 1 ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {win.offsetTop > 0 && (
              <tr aria-hidden="true" style={{ height: win.offsetTop }}>
                <td colSpan={6} />
              </tr>
            )}
            {shown.slice(win.start, win.end).map((s, i) => {
              const out = excluded.has(s.relPath);
              const rowFlags = flags.byFile.get(s.filePath);
              return (
                <tr
                  key={s.filePath}
                  className={out ? 'is-excluded' : undefined}
                  style={{ height: ROW_HEIGHT }}
                  aria-rowindex={win.start + i + 2}
                  data-testid="system-row"
                  data-system-name={s.systemName}
                  data-os-family={s.osFamily}
                  data-excluded={out ? 'true' : 'false'}
                >
                  <td>
                    <input type="checkbox" checked={!out} aria-label={`Include ${s.systemName}`} onChange={() => actions.setExcluded([s.relPath], !out)} data-testid="system-include" />
                  </td>
                  <td className="cell-clip">
                    <span className="cell-strong" title={s.systemName}>
                      {rowFlags && <AlertIcon className="warn-icon" aria-label="flagged" />}
                      {names.get(s.systemName) ?? s.systemName}
                    </span>
                    <span className="cell-sub" title={[s.filePath, ...(rowFlags ?? [])].join('\n')} data-testid={rowFlags ? 'system-flag' : undefined}>
                      <span data-testid="system-size">{formatBytes(s.sizeBytes)}</span> · {rowFlags ? rowFlags.join(' · ') : s.relPath}
                    </span>
                  </td>
                  <td className="cell-clip" title={s.hostName ?? undefined}>
                    {s.hostName ?? <span className="muted">—</span>}
                  </td>
                  <td className="nowrap">
                    <span className={`family-chip family-${s.osFamily}`}>{FAMILY_LABEL[s.osFamily]}</span>
                    {s.distroFamily && <span className="cell-sub" title="Linux package family">{s.distroFamily}</span>}
                  </td>
                  <td className="nowrap">{producerLabel(s)}</td>
                  <td className="os-cell cell-clip" title={displayOs(s) ?? undefined}>
                    {displayOs(s) ?? <span className="muted">—</span>}
                    {s.activeDirectory && (
                      <span className="cell-sub" data-testid="system-ad-details">
                        {activeDirectoryLine(s)}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
            {win.totalHeight - win.offsetTop - (win.end - win.start) * ROW_HEIGHT > 0 && (
              <tr aria-hidden="true" style={{ height: win.totalHeight - win.offsetTop - (win.end - win.start) * ROW_HEIGHT }}>
                <td colSpan={6} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
