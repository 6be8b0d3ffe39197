import type { RunOutcome, RunPhase } from '../../../src-main/contract/ipc';
import { formatBytes, formatCount, formatDuration } from '../lib/format';
import { useActions, useApp } from '../store/context';
import { nextCancelAction, type LogEntry } from '../store/run-state';
import { ExportsTable } from './ExportsTable';
import { AlertIcon, BackIcon, StopIcon } from './icons';

const PHASE_LABEL: Record<RunPhase, string> = {
  discovering: 'Finding files',
  detecting: 'Detecting systems',
  'loading-config': 'Loading searches',
  searching: 'Searching',
  merging: 'Merging results',
  exporting: 'Writing workbooks',
  done: 'Done',
  cancelling: 'Cancelling',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** What the pill shows: a phase while the run goes, then its outcome (a partial run is not "Done"). */
type ShownPhase = RunPhase | 'partial';

const SHOWN_LABEL: Record<ShownPhase, string> = { ...PHASE_LABEL, partial: 'Partial results' };

/** The phase to show: the outcome once known, 'cancelling' as soon as the user asked. */
export function shownPhase(status: string, cancelAsked: boolean, outcome: RunOutcome | null, reported: RunPhase | null): ShownPhase | null {
  if (outcome === 'failed') return 'failed';
  if (outcome === 'cancelled') return 'cancelled';
  if (outcome === 'partial') return 'partial';
  if (outcome === 'complete') return 'done';
  if (cancelAsked && (status === 'running' || status === 'starting')) return 'cancelling';
  return reported;
}

export function RunScreen() {
  const run = useApp((s) => s.run);
  const actions = useActions();
  const p = run.progress;
  const cancelAction = nextCancelAction(run);
  const active = run.status === 'running' || run.status === 'starting';
  const failed = run.summary?.outcome === 'failed';
  const value = run.summary?.outcome === 'complete' || run.summary?.outcome === 'partial' ? 100 : run.percent;
  const phase = shownPhase(run.status, run.cancel !== 'none', run.summary?.outcome ?? null, p?.phase ?? null);
  const exporting = p?.phase === 'exporting';
  const stalled = active ? (p?.stalled ?? null) : null;
  // Files that are not systems (skipped) or could not be searched (failed), said beside the systems count.
  const apart = p ? [p.filesSkipped > 0 ? `${formatCount(p.filesSkipped)} skipped` : '', p.filesFailed > 0 ? `${formatCount(p.filesFailed)} failed` : ''].filter(Boolean).join(' · ') : '';

  return (
    <section className="run" aria-labelledby="run-title">
      <div className="card run-card">
        <header className="card-header">
          <h1 id="run-title" className="run-title">
            {run.status === 'starting' ? 'Starting the run…' : failed ? 'Run failed' : phase === 'cancelling' ? 'Stopping the run…' : active ? 'Run in progress' : 'Run finished'}
          </h1>
          <span className={`phase-pill phase-${phase ?? 'starting'}`} data-testid="progress-phase" data-phase={phase ?? 'starting'}>
            {phase ? SHOWN_LABEL[phase] : 'Starting'}
          </span>
        </header>

        <div className="progress-line">
        <div
          className={`progress${phase === 'cancelling' ? ' is-cancelling' : ''}${phase === 'partial' || phase === 'cancelled' ? ' is-warn' : ''}${failed ? ' is-failed' : ''}`}
          role="progressbar"
          aria-label="Run progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={value}
          aria-valuetext={p ? `${value}% — ${PHASE_LABEL[p.phase]}, ${p.filesDone} of ${p.filesTotal}${stalled ? ', stalled' : ''}` : 'Starting'}
          data-testid="progress-bar"
        >
          <div className="progress-fill" style={{ width: `${value}%` }} />
        </div>
        <span className="progress-percent" aria-hidden="true">{value}%</span>
        </div>

        <dl className="stats">
          <div className="stat">
            <dt>{exporting ? 'Workbooks' : 'Systems'}</dt>
            <dd data-testid="progress-files">
              {!p
                ? '—'
                : exporting
                  ? `${formatCount(p.exports.filter((e) => e.step === 'done').length)} / ${formatCount(p.exports.length)}`
                  : `${formatCount(p.systemsSearched)} / ${formatCount(p.filesTotal - p.filesSkipped)}`}
            </dd>
            {!exporting && apart && (
              <dd className="stat-note" data-testid="progress-files-apart">
                {apart}
              </dd>
            )}
          </div>
          <div className="stat">
            <dt>Data</dt>
            <dd data-testid="progress-bytes">{p ? `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}` : '—'}</dd>
          </div>
          <div className="stat">
            <dt>Rows found</dt>
            <dd data-testid="rows-found">{p ? formatCount(p.rowsFound) : '—'}</dd>
          </div>
          <div className="stat">
            <dt>Elapsed</dt>
            <dd data-testid="progress-elapsed">{p ? formatDuration(p.elapsedMs / 1000) : '—'}</dd>
          </div>
          <div className="stat">
            <dt>Time left</dt>
            <dd data-testid="progress-eta" data-stalled={stalled ? 'true' : undefined} className={stalled ? 'is-stalled' : undefined}>
              {stalled ? 'Stalled' : active && p ? formatDuration(p.etaSeconds) : '—'}
            </dd>
          </div>
        </dl>

        {stalled && (
          <p className="stall-notice" role="status">
            <AlertIcon className="warn-icon" />
            <span data-testid="stall-notice">
              Stalled on <code>{stalled.task}</code>
              {stalled.detail && <> / {stalled.detail}</>} for {formatDuration(stalled.forMs / 1000)}: no{' '}
              {exporting ? 'row has been written for longer than usual' : 'file has finished for longer than files usually take'}.
            </span>
          </p>
        )}

        {failed && run.summary && (
          <p className="error-text" role="alert" data-testid="run-error">
            <AlertIcon /> {run.summary.error ?? 'The run failed.'}
          </p>
        )}

        <div className="run-actions">
          {active ? (
            <>
              <button
                type="button"
                className={`btn ${cancelAction === 'force' ? 'btn-danger' : 'btn-secondary'}`}
                disabled={cancelAction === null}
                onClick={() => void actions.cancelRun()}
                data-testid="cancel-button"
                data-action={cancelAction ?? 'none'}
                aria-keyshortcuts={cancelAction === 'cancel' ? 'Escape' : undefined}
                title={cancelAction === 'cancel' ? 'Stop after the files being searched; their results are still written' : undefined}
              >
                <StopIcon /> {cancelAction === 'force' ? 'Force stop' : cancelAction === null ? 'Stopping…' : 'Cancel'}
                {cancelAction === 'cancel' && <kbd className="kbd-hint" aria-hidden="true">Esc</kbd>}
              </button>
              {cancelAction === 'cancel' && (
                <button type="button" className="btn btn-secondary" onClick={() => void actions.cancelRun(true)} data-testid="cancel-discard-button" title="Stop, and write no workbook">
                  Cancel and discard
                </button>
              )}
            </>
          ) : (
            <button type="button" className="btn" onClick={() => actions.goTo('prepare')} data-testid="back-button">
              <BackIcon /> Back to review
            </button>
          )}
        </div>
      </div>

      {p && p.workers.length > 0 && (
        <div className="card">
          <header className="card-header">
            <h2>Workers</h2>
            <span className="card-meta">{p.workers.filter((w) => w.state === 'busy').length} busy</span>
          </header>
          <table className="table workers-table" data-testid="workers-table" aria-label="Workers">
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">State</th>
                <th scope="col">Current task</th>
                <th scope="col">Search or sheet</th>
                <th scope="col" className="num">On it for</th>
                <th scope="col" className="num">PID</th>
              </tr>
            </thead>
            <tbody>
              {p.workers.map((w) => (
                <tr key={w.id} data-testid="worker-row" data-worker-id={w.id} data-state={w.state}>
                  <td>#{w.id}</td>
                  <td>
                    <span className={`state-dot state-${w.state}`} aria-hidden="true" /> {w.state}
                  </td>
                  <td className="mono truncate" title={w.task ?? ''}>{w.task ?? <span className="muted">—</span>}</td>
                  <td className="truncate worker-detail" title={w.detail ?? ''} data-testid="worker-detail">
                    {w.detail ?? <span className="muted">—</span>}
                  </td>
                  <td className="num" data-testid="worker-time">{w.taskMs === null ? '—' : formatDuration(w.taskMs / 1000)}</td>
                  <td className="num muted">{w.pid ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {p && p.exports.length > 0 && <ExportsTable exports={p.exports} />}

      <div className="card">
        <header className="card-header">
          <h2>Warnings and errors</h2>
          <span className="card-meta" data-testid="run-log-count">
            {run.log.length + run.logDropped}
          </span>
        </header>
        {run.log.length === 0 ? (
          <p className="muted">None so far.</p>
        ) : (
          <ul className="run-log" data-testid="run-log" aria-live="polite" aria-relevant="additions">
            {run.logDropped > 0 && <li className="muted">{formatCount(run.logDropped)} earlier entries not shown</li>}
            {run.log.map((entry) => (
              <li key={entry.id} className={`log-${entry.level}`} data-testid="run-log-entry" data-level={entry.level}>
                <span className="log-level">{entry.level}</span>
                <LogText entry={entry} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/**
 * A log entry's file, search and message, each named once: a message that names its file (a
 * failed file's line, as the CLI prints it; "Retrying <file>: …") shows the name in place, and
 * one that quotes its search needs no search beside it.
 */
function LogText({ entry }: { entry: LogEntry }) {
  const at = entry.file === null ? -1 : entry.message.indexOf(entry.file);
  const search = entry.search && !entry.message.includes(`"${entry.search}"`) && <span className="log-search">“{entry.search}”</span>;
  if (entry.file === null || at < 0) {
    return (
      <>
        {entry.file && <code className="log-file">{entry.file}</code>}
        {search}
        <span className="log-message">{entry.message}</span>
      </>
    );
  }
  return (
    <>
      {search}
      <span className="log-message">
        {entry.message.slice(0, at)}
        <code className="log-file">{entry.file}</code>
        {entry.message.slice(at + entry.file.length)}
      </span>
    </>
  );
}
