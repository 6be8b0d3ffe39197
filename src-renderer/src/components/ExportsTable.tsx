import type { FamilyExportProgress } from '../../../src-main/contract/ipc';
import { formatCount } from '../lib/format';

const STEP_LABEL: Record<FamilyExportProgress['step'], string> = {
  waiting: 'Waiting',
  tables: 'Building tables',
  sheets: 'Writing sheets',
  finishing: 'Closing',
  done: 'Done',
  failed: 'Failed',
};

/** The run's workbooks as they are written: rows written of rows to write, the sheet, the worker. */
export function ExportsTable({ exports }: { exports: readonly FamilyExportProgress[] }) {
  const done = exports.filter((e) => e.step === 'done').length;
  return (
    <div className="card">
      <header className="card-header">
        <h2>Workbooks</h2>
        <span className="card-meta">
          {formatCount(done)} of {formatCount(exports.length)} written
        </span>
      </header>
      <table className="table exports-table" data-testid="exports-table" aria-label="Workbooks">
        <thead>
          <tr>
            <th scope="col">Family</th>
            <th scope="col">Step</th>
            <th scope="col">Rows written</th>
            <th scope="col">Sheet</th>
            <th scope="col" className="num">Worker</th>
          </tr>
        </thead>
        <tbody>
          {exports.map((e) => {
            const share = e.rowsTotal > 0 ? Math.min(1, e.rowsWritten / e.rowsTotal) : e.step === 'done' ? 1 : 0;
            return (
              <tr key={e.family} data-testid="export-row" data-family={e.family} data-step={e.step}>
                <td>{e.family}</td>
                <td>
                  <span className={`state-dot export-${e.step}`} aria-hidden="true" /> {STEP_LABEL[e.step]}
                </td>
                <td>
                  <div className="rows-written">
                    <div
                      className={`progress progress-small${e.step === 'failed' ? ' is-failed' : ''}`}
                      role="progressbar"
                      aria-label={`${e.family} rows written`}
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={Math.floor(share * 100)}
                    >
                      <div className="progress-fill" style={{ width: `${share * 100}%` }} />
                    </div>
                    <span className="rows-count">
                      {formatCount(e.rowsWritten)} / {formatCount(e.rowsTotal)}
                    </span>
                  </div>
                </td>
                <td className="truncate" title={e.sheet ?? ''}>
                  {e.sheet ?? <span className="muted">—</span>}
                </td>
                <td className="num muted">{e.worker === null ? '—' : `#${e.worker}`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
