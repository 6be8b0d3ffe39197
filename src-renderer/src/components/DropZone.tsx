// Where a folder or files are dropped. The resolver from File to path is injectable: the
// default (window.kpat.pathForDroppedFile, through the store) needs a real host.
import { useState, type DragEvent } from 'react';
import type { PathResolver } from '../lib/drop';
import { shortcutLabel } from '../hooks/shortcuts';
import { useActions, useApp } from '../store/context';
import { FolderIcon, UploadIcon } from './icons';

export interface DropZoneProps {
  resolvePath?: PathResolver;
  compact?: boolean;
}

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

export function DropZone({ resolvePath, compact = false }: DropZoneProps) {
  const actions = useActions();
  const platform = useApp((s) => s.appInfo?.platform);
  const [over, setOver] = useState(false);

  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    void actions.dropFiles(e.dataTransfer.files, resolvePath);
  };

  return (
    <div
      className={`drop-zone${compact ? ' drop-zone-compact' : ''}${over ? ' is-over' : ''}`}
      data-testid="drop-zone"
      data-dragover={over ? 'true' : 'false'}
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={onDrop}
    >
      <div className="drop-icon" aria-hidden="true">
        <UploadIcon width={compact ? 20 : 40} height={compact ? 20 : 40} />
      </div>
      <div className="drop-text">
        <p className="drop-title">{compact ? 'Drop another folder here' : 'Drop a folder of audit results here'}</p>
        {!compact && <p className="drop-hint">Output of kpnixaudit.sh, kpwinaudit.ps1 or kpmacaudit — one .txt file per system. You can also drop several files.</p>}
      </div>
      <button type="button" className={compact ? 'btn' : 'btn btn-primary btn-lg'} onClick={() => void actions.chooseFolder()} aria-keyshortcuts="Control+O Meta+O" data-testid="open-folder-button">
        <FolderIcon /> Open folder…
        <kbd className="kbd-hint" aria-hidden="true">{shortcutLabel('O', platform)}</kbd>
      </button>
    </div>
  );
}
