import type { SystemInfo } from '../../../src-main/contract/ipc';
import { formatBytes } from '../lib/format';
import { displayOs } from '../lib/review';
import { activeDirectoryLine, producerLabel } from './SystemsPanel';

/** The family's systems; with `onOpen`, a system's name opens it across all searches (the System view). */
export function ResultsSystemsTable({ systems, onOpen }: { systems: SystemInfo[]; onOpen?: (systemName: string) => void }) {
  return (
    <div className="card">
      <div className="table-scroll">
        <table className="table" data-testid="results-systems-table" aria-label="Systems">
          <thead>
            <tr>
              <th scope="col">System</th>
              <th scope="col">Host</th>
              <th scope="col">Producer</th>
              <th scope="col">OS</th>
              <th scope="col">Version</th>
              <th scope="col">Encoding</th>
              <th scope="col" className="num">Size</th>
              <th scope="col">SHA-384</th>
            </tr>
          </thead>
          <tbody>
            {systems.map((s) => (
              <tr key={s.filePath} data-testid="results-system-row" data-system-name={s.systemName}>
                <td>
                  {onOpen ? (
                    <button type="button" className="system-link" onClick={() => onOpen(s.systemName)} title="Everything found for this system, and what was not" data-testid="open-system">
                      {s.systemName}
                    </button>
                  ) : (
                    <span className="cell-strong">{s.systemName}</span>
                  )}
                  <span className="cell-sub" title={s.filePath}>{s.relPath}</span>
                </td>
                <td>{s.hostName ?? '—'}</td>
                <td className="nowrap">{producerLabel(s)}</td>
                <td>
                  {displayOs(s) ?? '—'}
                  {s.activeDirectory && <span className="cell-sub">{activeDirectoryLine(s)}</span>}
                </td>
                <td>{s.osVersion ?? s.currentBuild ?? '—'}</td>
                <td className="mono small">{s.encoding}</td>
                <td className="num nowrap">{formatBytes(s.sizeBytes)}</td>
                <td className="mono small truncate sha" title={s.sha384}>{s.sha384.slice(0, 16)}…</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
