// What the done view says about a run's outcome (contract RunOutcome). One place, so that the
// heading, the icon and the tone never disagree: a partial run is a warning, never a green tick.
import type { RunSummary } from '../../../src-main/contract/ipc';
import { FAMILY_LABEL } from './families';
import { formatCount, formatDuration, plural } from './format';

export type OutcomeTone = 'ok' | 'warn' | 'error';

export function outcomeHeading(
  summary: Pick<RunSummary, 'outcome' | 'elapsedMs' | 'failedFiles' | 'filesSearched' | 'filesTotal'> & Partial<Pick<RunSummary, 'familiesWithoutWorkbook'>>,
): { tone: OutcomeTone; text: string } {
  const took = formatDuration(summary.elapsedMs / 1000);
  switch (summary.outcome) {
    case 'complete':
      return { tone: 'ok', text: `Done in ${took}` };
    case 'partial': {
      // An earlier run reopened from a manifest of an older version may not say why.
      const why = partialWhy(summary.failedFiles, summary.familiesWithoutWorkbook);
      return { tone: 'warn', text: why ? `Partial results in ${took}: ${why}` : `Partial results in ${took}` };
    }
    case 'cancelled':
      return { tone: 'warn', text: `Cancelled: ${formatCount(summary.filesSearched)} of ${plural(summary.filesTotal, 'file')} searched` };
    case 'failed':
      return { tone: 'error', text: `Run failed after ${took}` };
  }
}

/**
 * "1 file could not be searched", "1 file partly searched" (a search left out), "the Windows
 * workbook could not be written" (its export failed), or several of these.
 */
export function partialWhy(failedFiles: RunSummary['failedFiles'], familiesWithoutWorkbook: RunSummary['familiesWithoutWorkbook'] = []): string {
  const partial = failedFiles.filter((f) => f.partial).length;
  const failed = failedFiles.length - partial;
  const unwritten = familiesWithoutWorkbook.filter((f) => f.exportFailed).map((f) => FAMILY_LABEL[f.family]);
  return [
    failed ? `${plural(failed, 'file')} could not be searched` : '',
    partial ? `${plural(partial, 'file')} partly searched` : '',
    unwritten.length ? `the ${unwritten.join(' and ')} workbook${unwritten.length === 1 ? '' : 's'} could not be written` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
