import { useState } from 'react';
import { includedSystems, runBlocker } from '../store/app-store';
import { shortcutLabel } from '../hooks/shortcuts';
import { plural } from '../lib/format';
import { useActions, useApp } from '../store/context';
import { DropZone } from './DropZone';
import { PlayIcon } from './icons';
import { ConfigReport, SearchSetPanel } from './SearchSetPanel';
import { SystemsPanel } from './SystemsPanel';
import { RunBaselineSelect } from './RunBaselineSelect';

export function PrepareScreen() {
  const [reportOpen, setReportOpen] = useState(false);
  return (
    <div className="prepare">
      <div className="prepare-grid">
        <div className="prepare-main">
          <SystemsPanel />
          <DropZone compact />
        </div>
        <SearchSetPanel reportOpen={reportOpen} onToggleReport={() => setReportOpen((v) => !v)} />
      </div>
      {reportOpen && <ConfigReport />}
      <RunBar />
    </div>
  );
}

function RunBar() {
  const blocker = useApp(runBlocker);
  const systems = useApp((s) => (s.scan.status === 'ready' ? includedSystems(s.scan.data, s.excluded).length : null));
  const searches = useApp((s) => (s.report.status === 'ready' ? s.report.data.searchCount : null));
  const workers = useApp((s) => s.settings?.settings.workerCount ?? null);
  const platform = useApp((s) => s.appInfo?.platform);
  const actions = useActions();

  return (
    <div className="run-bar">
      <p className="run-bar-text" id="run-bar-status" data-testid="run-status">
        {blocker ?? [systems !== null && plural(systems, 'system'), searches !== null && plural(searches, 'search', 'searches'), workers !== null && plural(workers, 'worker')].filter(Boolean).join(' · ')}
      </p>
      <RunBaselineSelect />
      <button type="button" className="btn btn-ghost" onClick={() => actions.openSettings()}>
        Settings…
      </button>
      <button
        type="button"
        className="btn btn-primary btn-lg"
        disabled={blocker !== null}
        aria-describedby="run-bar-status"
        aria-keyshortcuts="Control+Enter Meta+Enter"
        onClick={() => void actions.startRun()}
        data-testid="run-button"
      >
        <PlayIcon /> Run
        <kbd className="kbd-hint" aria-hidden="true">{shortcutLabel('Enter', platform)}</kbd>
      </button>
    </div>
  );
}
