// The one outcome of a run (contract RunOutcome), decided from what the run's steps did. Kept
// apart from the steps so that the rule is written once: the UI, the CLI's exit code, the
// workbooks' Summary and the JSON all show what this returns.
import type { FailedFile, RunOutcome } from '../../contract/ipc';
import { counted } from './wording';

export interface OutcomeFacts {
  /** The user cancelled (gracefully or by force). */
  cancelled: boolean;
  /** A run-wide error that stopped the run (invalid search set, output folder not writable…). */
  error: string | null;
  /** Files that matched the pattern. */
  filesTotal: number;
  /** Files searched to the end. */
  filesSearched: number;
  /** Files that are not audit results (or changed into something else): skipped, named. */
  filesSkipped: number;
  /** Files whose search failed for good (watchdog, worker died twice, read error). */
  filesFailed: number;
  /** Families whose workbook was written. */
  familiesExported: number;
  /** Families whose export failed (the others' workbooks are kept). */
  familiesFailed: number;
}

export interface DecidedOutcome {
  outcome: RunOutcome;
  /** Why the run failed; null unless outcome is 'failed'. */
  error: string | null;
}

export function decideOutcome(f: OutcomeFacts): DecidedOutcome {
  if (f.cancelled) return { outcome: 'cancelled', error: null };
  if (f.error !== null) return { outcome: 'failed', error: f.error };
  if (f.filesTotal === 0) return { outcome: 'failed', error: 'No file matching the file pattern was found' };
  if (f.filesSearched === 0) {
    const why = [f.filesFailed ? `${f.filesFailed} failed` : '', f.filesSkipped ? `${f.filesSkipped} skipped` : ''].filter(Boolean).join(', ');
    return { outcome: 'failed', error: `No file could be searched (${counted(f.filesTotal, 'file')}: ${why || 'none searched'})` };
  }
  if (f.familiesExported === 0 && f.familiesFailed > 0) {
    return { outcome: 'failed', error: `No workbook could be written (${counted(f.familiesFailed, 'family export')} failed)` };
  }
  if (f.filesFailed > 0 || f.familiesFailed > 0) return { outcome: 'partial', error: null };
  return { outcome: 'complete', error: null };
}

/** A failed file in one line, the file named once: "a.txt was not searched: …", "b.txt is partial: …". */
export function failedFileLine(f: Pick<FailedFile, 'relPath' | 'reason' | 'partial'>): string {
  return `${f.relPath} ${f.partial ? 'is partial' : 'was not searched'}: ${f.reason}`;
}
