// Which families get a workbook, and what a workbook's Summary says about its run (pure).
// A family gets a workbook when it has searched systems and at least one search of the set
// applies to it; otherwise it gets none and the run says why, instead of an empty workbook or a
// family that silently vanishes.
import type { FailedFile, FamilyWithoutWorkbook } from '../../contract/ipc';
import { searchFamilies } from '../../../src-worker/engine/filters';
import { counted } from './wording';
import { OS_FAMILIES, type OsFamily, type SearchSpec, type SystemInfo } from '../../../src-worker/engine/types';

export interface WorkbookPlan {
  /** In OS_FAMILIES order. */
  workbooks: OsFamily[];
  without: FamilyWithoutWorkbook[];
}

const LABEL: Record<OsFamily, string> = { Linux: 'Linux', Windows: 'Windows', Darwin: 'macOS', ActiveDirectory: 'Active Directory' };

export function planWorkbooks(
  systems: readonly SystemInfo[],
  failedFiles: readonly FailedFile[],
  familyOf: ReadonlyMap<string, OsFamily | null>,
  searches: readonly SearchSpec[],
): WorkbookPlan {
  const workbooks: OsFamily[] = [];
  const without: FamilyWithoutWorkbook[] = [];
  for (const family of OS_FAMILIES) {
    const searched = systems.filter((s) => s.osFamily === family).length;
    const failed = failedFiles.filter((f) => familyOf.get(f.relPath) === family).length;
    if (searched === 0) {
      if (failed > 0) without.push({ family, reason: `none of its ${counted(failed, 'file')} could be searched (see the failed files)` });
      continue;
    }
    if (!searches.some((spec) => searchFamilies(spec).includes(family))) {
      without.push({ family, reason: `no search of the set applies to ${LABEL[family]} systems (${counted(searched, 'system')} searched)` });
      continue;
    }
    workbooks.push(family);
  }
  return { workbooks, without };
}

/** The run as a workbook's Summary sheet and the JSON state it ("cancelled: 3 of 12 files searched"). */
export function runLabel(facts: {
  cancelled: boolean;
  filesSearched: number;
  filesTotal: number;
  filesFailed: number;
  filesPartial?: number;
  /** Families whose workbook was to be written but could not be. */
  exportsFailed?: readonly OsFamily[];
}): string {
  if (facts.cancelled) return `cancelled: ${facts.filesSearched} of ${counted(facts.filesTotal, 'file')} searched`;
  const partial = facts.filesPartial ?? 0;
  const exportsFailed = facts.exportsFailed ?? [];
  if (facts.filesFailed > 0 || partial > 0 || exportsFailed.length > 0) {
    const why = [
      facts.filesFailed > 0 ? `${facts.filesFailed} of ${counted(facts.filesTotal, 'file')} could not be searched` : '',
      partial > 0 ? `a search was left out of ${partial} of ${counted(facts.filesTotal, 'file')}` : '',
      exportsFailed.length > 0 ? `the ${exportsFailed.join(' and ')} workbook${exportsFailed.length === 1 ? '' : 's'} could not be written` : '',
    ];
    return `partial: ${why.filter(Boolean).join('; ')}`;
  }
  return 'complete';
}
