import { baseName } from '../lib/format';
import { useActions, useApp } from '../store/context';
import { DropZone } from './DropZone';
import { FileIcon, FolderIcon } from './icons';
import { RunHistoryList } from './RunHistoryList';

const NO_FOLDERS: string[] = [];

export function StartScreen() {
  // A stable empty list: a new [] per call would make the selector never settle.
  const recent = useApp((s) => s.settings?.settings.recentFolders ?? NO_FOLDERS);
  const notice = useApp((s) => s.settings?.notice ?? null);
  const hasHistory = useApp((s) => s.history.length > 0);
  const actions = useActions();

  return (
    <section className="start" aria-labelledby="start-title">
      <h1 id="start-title" className="start-title">Analyze audit script results</h1>
      <p className="start-lead">Run the search set over every system, then browse the findings or open the Excel workbooks.</p>
      {notice && (
        <p className="notice" role="status" data-testid="settings-notice-start">
          {notice}
        </p>
      )}
      <DropZone />
      <section className="earlier-runs" aria-labelledby="earlier-title" data-testid="earlier-runs">
        <div className="earlier-head">
          <h2 id="earlier-title" className="section-title">Open an earlier run</h2>
          <button type="button" className="btn" onClick={() => void actions.chooseResults()} data-testid="open-results-button">
            <FileIcon /> Open results…
          </button>
        </div>
        {hasHistory ? <RunHistoryList limit={6} /> : <p className="muted small">Runs you make appear here and open again without searching. Or open a results folder (or drop it, or its JSON, on the window).</p>}
      </section>
      {recent.length > 0 && (
        <nav className="recent" aria-labelledby="recent-title">
          <h2 id="recent-title" className="section-title">Recent folders</h2>
          <ul className="recent-list" data-testid="recent-folders">
            {recent.map((folder) => (
              <li key={folder}>
                <button type="button" className="recent-item" onClick={() => void actions.openFolder(folder)} data-testid="recent-folder" title={folder}>
                  <FolderIcon />
                  <span className="recent-name">{baseName(folder)}</span>
                  <span className="recent-path">{folder}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}
