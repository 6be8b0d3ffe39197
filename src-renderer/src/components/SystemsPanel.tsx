import type { SystemInfo } from '../../../src-main/contract/ipc';
import { FAMILY_LABEL } from '../lib/families';
import { formatBytes, formatCount, plural } from '../lib/format';
import { useApp } from '../store/context';

/** A folder of thousands of unrelated files should not become thousands of list items. */
const SKIPPED_SHOWN = 500;

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

export function SystemsPanel() {
  const scan = useApp((s) => s.scan);
  const root = useApp((s) => s.root);

  return (
    <section className="card systems-card" aria-labelledby="systems-title" aria-busy={scan.status === 'loading'}>
      <header className="card-header">
        <h2 id="systems-title">Systems</h2>
        {scan.status === 'ready' && (
          <span className="card-meta" data-testid="systems-count">
            {plural(scan.data.systems.length, 'system')} · {formatBytes(scan.data.totalBytes)}
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
          {scan.data.systems.length === 0 ? (
            <p className="empty" data-testid="systems-empty">
              {scan.data.emptyReason ?? `No audit results were found here (${plural(scan.data.filesFound, 'file')} looked at).`}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="systems-table" aria-label="Systems found">
                <thead>
                  <tr>
                    <th scope="col">System · size · file</th>
                    <th scope="col">Host</th>
                    <th scope="col">Family</th>
                    <th scope="col">Producer</th>
                    <th scope="col">OS</th>
                  </tr>
                </thead>
                <tbody>
                  {scan.data.systems.map((s) => (
                    <tr key={s.filePath} data-testid="system-row" data-system-name={s.systemName} data-os-family={s.osFamily}>
                      <td>
                        <span className="cell-strong">{s.systemName}</span>
                        <span className="cell-sub" title={s.filePath}>
                          <span data-testid="system-size">{formatBytes(s.sizeBytes)}</span> · {s.relPath}
                        </span>
                      </td>
                      <td>{s.hostName ?? <span className="muted">—</span>}</td>
                      <td className="nowrap">
                        <span className={`family-chip family-${s.osFamily}`}>{FAMILY_LABEL[s.osFamily]}</span>
                        {s.distroFamily && <span className="cell-sub" title="Linux package family">{s.distroFamily}</span>}
                      </td>
                      <td className="nowrap">{producerLabel(s)}</td>
                      <td className="os-cell">
                        {s.systemOs ?? <span className="muted">—</span>}
                        {s.activeDirectory && <span className="cell-sub" data-testid="system-ad-details">{activeDirectoryLine(s)}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {scan.data.skipped.length > 0 && (
            <details className="skipped" data-testid="skipped-files">
              <summary>
                {plural(scan.data.skipped.length, 'file')} skipped
              </summary>
              <ul className="skipped-list">
                {scan.data.skipped.slice(0, SKIPPED_SHOWN).map((f) => (
                  <li key={f.filePath} data-testid="skipped-row">
                    <span className="mono" title={f.filePath}>{f.relPath}</span>
                    <span className="muted"> — {f.reason}</span>
                  </li>
                ))}
                {scan.data.skipped.length > SKIPPED_SHOWN && <li className="muted">and {formatCount(scan.data.skipped.length - SKIPPED_SHOWN)} more</li>}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
