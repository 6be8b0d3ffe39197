// What a run shows outside the window: the taskbar/dock progress bar, and keeping the machine
// awake while it runs. Driven by the run event stream; the Electron calls are injected.

import type { RunEvent, RunPhase } from '../contract/ipc';

export interface IndicatorTargets {
  /** value in 0..1, or -1 to remove the bar (BrowserWindow.setProgressBar). */
  setProgress(value: number, mode: 'normal' | 'indeterminate' | 'error' | 'paused' | 'none'): void;
  /** powerSaveBlocker.start('prevent-app-suspension') */
  preventSleep(): number;
  /** powerSaveBlocker.stop(id) */
  allowSleep(id: number): void;
}

const BEFORE_SEARCH: RunPhase[] = ['discovering', 'detecting', 'loading-config'];

export class RunIndicators {
  private blocker: number | null = null;

  constructor(private readonly targets: IndicatorTargets) {}

  handle(event: RunEvent): void {
    if (event.type === 'progress') {
      const p = event.progress;
      if (this.blocker === null) this.blocker = this.targets.preventSleep();
      if (BEFORE_SEARCH.includes(p.phase) || p.bytesTotal === 0) this.targets.setProgress(2, 'indeterminate');
      else if (p.phase === 'cancelling') this.targets.setProgress(p.bytesDone / p.bytesTotal, 'paused');
      else if (p.phase === 'searching') this.targets.setProgress(Math.min(1, p.bytesDone / p.bytesTotal), 'normal');
      else if (p.phase === 'merging' || p.phase === 'exporting') this.targets.setProgress(2, 'indeterminate');
    } else if (event.type === 'done') {
      this.release();
      // A failed run leaves a full red bar, a partial one a full paused (yellow on Windows) bar:
      // the taskbar must not look like a clean finish when files failed.
      const outcome = event.summary.outcome;
      if (outcome === 'failed') this.targets.setProgress(1, 'error');
      else if (outcome === 'partial') this.targets.setProgress(1, 'paused');
      else this.targets.setProgress(-1, 'none');
    }
  }

  release(): void {
    if (this.blocker !== null) this.targets.allowSleep(this.blocker);
    this.blocker = null;
  }
}
