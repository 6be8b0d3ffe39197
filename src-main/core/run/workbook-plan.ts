// Which families get a workbook, and what a workbook's Summary says about its run (pure).
// A family gets a workbook when it has searched systems and at least one search of the set
// applies to it; otherwise it gets none and the run says why, instead of an empty workbook or a
// family that silently vanishes.
import type { FailedFile, FamilyWithoutWorkbook } from '../../contract/ipc';
import { searchFamilies } from '../../../src-worker/engine/filters';
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
      if (failed > 0) without.push({ family, reason: `none of its ${count(failed, 'file')} could be searched (see the failed files)` });
      continue;
    }
    if (!searches.some((spec) => searchFamilies(spec).includes(family))) {
      without.push({ family, reason: `no search of the set applies to ${LABEL[family]} systems (${count(searched, 'system')} searched)` });
      continue;
    }
    workbooks.push(family);
  }
  return { workbooks, without };
}

/** The run as a workbook's Summary sheet and the JSON state it ("cancelled: 3 of 12 files searched"). */
export function runLabel(facts: { cancelled: boolean; filesSearched: number; filesTotal: number; filesFailed: number; filesPartial?: number }): string {
  if (facts.cancelled) return `cancelled: ${facts.filesSearched} of ${count(facts.filesTotal, 'file')} searched`;
  const partial = facts.filesPartial ?? 0;
  if (facts.filesFailed > 0 || partial > 0) {
    const why = [
      facts.filesFailed > 0 ? `${facts.filesFailed} of ${count(facts.filesTotal, 'file')} could not be searched` : '',
      partial > 0 ? `a search was left out of ${partial} of ${count(facts.filesTotal, 'file')}` : '',
    ];
    return `partial: ${why.filter(Boolean).join('; ')}`;
  }
  return 'complete';
}

function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}
