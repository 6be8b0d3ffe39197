import { baseName } from '../lib/format';
import { isBusy } from '../store/app-store';
import { useActions, useApp } from '../store/context';
import { FolderIcon, GearIcon, KeyboardIcon } from './icons';

export function AppHeader() {
  const root = useApp((s) => s.root);
  const view = useApp((s) => s.view);
  const busy = useApp(isBusy);
  const hasResults = useApp((s) => s.results.status === 'ready');
  const appInfo = useApp((s) => s.appInfo);
  const actions = useActions();

  const steps: { view: 'start' | 'prepare' | 'run' | 'results'; label: string; enabled: boolean }[] = [
    { view: 'start', label: 'Start', enabled: !busy },
    { view: 'prepare', label: 'Review', enabled: !busy && root !== null },
    { view: 'run', label: 'Run', enabled: busy || view === 'run' },
    { view: 'results', label: 'Results', enabled: !busy && hasResults },
  ];

  return (
    <header className="app-header">
      <div className="brand" aria-label="KP Analysis Toolkit">
        <span className="brand-mark" aria-hidden="true">KP</span>
        <span className="brand-name">Analysis Toolkit</span>
      </div>
      <nav className="steps" aria-label="Steps">
        {steps.map((step) => (
          <button
            key={step.view}
            type="button"
            className="step"
            aria-current={view === step.view ? 'step' : undefined}
            disabled={!step.enabled}
            onClick={() => actions.goTo(step.view)}
            data-testid={`nav-${step.view}`}
          >
            {step.label}
          </button>
        ))}
      </nav>
      <div className="header-tools">
        {root && (
          <span className="current-folder" title={root} data-testid="current-folder">
            <FolderIcon /> {baseName(root)}
          </span>
        )}
        {appInfo && <span className="host-badge" title={`${appInfo.platform}, ${appInfo.cores} cores`}>v{appInfo.version}</span>}
        <button
          type="button"
          className="btn btn-ghost icon-only"
          onClick={() => actions.openShortcuts()}
          title="Keyboard shortcuts"
          aria-label="Keyboard shortcuts"
          aria-keyshortcuts="Control+/"
          aria-haspopup="dialog"
          data-testid="shortcuts-button"
        >
          <KeyboardIcon />
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => actions.openSettings()} data-testid="settings-button" aria-haspopup="dialog">
          <GearIcon /> Settings
        </button>
      </div>
    </header>
  );
}
