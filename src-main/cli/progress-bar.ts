// One self-rewriting status line on stderr (only when it is a terminal).
import type { RunProgress } from '../contract/ipc';

const PHASE_LABEL: Record<RunProgress['phase'], string> = {
  discovering: 'Finding files',
  detecting: 'Detecting',
  'loading-config': 'Loading searches',
  searching: 'Searching',
  merging: 'Merging',
  exporting: 'Exporting',
  done: 'Done',
  cancelling: 'Cancelling',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** Keeps the last `width` characters of a path, as the old tool did. */
function tail(text: string, width: number): string {
  return text.length <= width ? text.padStart(width) : `…${text.slice(text.length - width + 1)}`;
}

export function renderProgressLine(p: RunProgress, columns: number): string {
  // Searching advances by bytes (files differ a lot in size), exporting by rows written; other
  // phases by their items.
  const rowsTotal = p.exports.reduce((n, e) => n + e.rowsTotal, 0);
  const rowsWritten = p.exports.reduce((n, e) => n + e.rowsWritten, 0);
  const exporting = p.phase === 'exporting';
  const byRows = exporting && rowsTotal > 0;
  const byBytes = p.phase === 'searching' && p.bytesTotal > 0;
  const [done, total] = exporting ? [p.exports.filter((e) => e.step === 'done').length, p.exports.length] : [p.filesDone, p.filesTotal];
  const ratio = byRows ? Math.min(1, rowsWritten / rowsTotal) : byBytes ? Math.min(1, p.bytesDone / p.bytesTotal) : total > 0 ? Math.min(1, done / total) : 0;
  const barWidth = 24;
  const filled = Math.round(ratio * barWidth);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}`;
  const stalled = p.stalled ? `  stalled ${Math.round(p.stalled.forMs / 1000)}s on ${p.stalled.task}${p.stalled.detail ? ` / ${p.stalled.detail}` : ''}` : '';
  const eta = stalled || (p.etaSeconds !== null ? `  ETA ${p.etaSeconds}s` : '');
  const busy = p.workers
    .filter((w) => w.state === 'busy' && w.task)
    .map((w) => (byRows && w.detail ? `${w.task as string}: ${w.detail}` : (w.task as string)));
  const count = byRows ? `${rowsWritten}/${rowsTotal} rows` : `${done}/${total}  ${p.rowsFound} rows`;
  const head = `${PHASE_LABEL[p.phase].padEnd(16)} [${bar}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${count}${eta}`;
  const room = columns - 1 - head.length - 2;
  const task = busy.length && room > 10 ? `  ${tail(busy.join(', '), Math.min(40, room))}` : '';
  return `${head}${task}`.slice(0, Math.max(10, columns - 1));
}

export class ProgressBar {
  private shown = false;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(p: RunProgress): void {
    const line = renderProgressLine(p, this.stream.columns || 100);
    this.stream.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  /** Removes the line so that ordinary messages start at column 0. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
