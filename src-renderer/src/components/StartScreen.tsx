import { baseName } from '../lib/format';
import { useActions, useApp } from '../store/context';
import { DropZone } from './DropZone';
import { FolderIcon } from './icons';

const NO_FOLDERS: string[] = [];

export function StartScreen() {
  // A stable empty list: a new [] per call would make the selector never settle.
  const recent = useApp((s) => s.settings?.settings.recentFolders ?? NO_FOLDERS);
  const notice = useApp((s) => s.settings?.notice ?? null);
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
