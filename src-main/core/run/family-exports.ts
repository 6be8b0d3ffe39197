// Exports that start while other files are still being searched. A family's workbook depends on
// its systems' rows and on two run-wide facts its Summary sheet lists: the skipped and the failed
// files. Once every file that may belong to a family is done (its sniffed family says so, and no
// file of unknown family is left: the plan searches those first), the family's export starts,
// with the facts known so far. When the search ends, an early export whose systems and facts are
// still the same is the result; otherwise (a file failed later, or a sniff was wrong) the family
// is exported again. Why: exports are the long, indivisible jobs of a run; started early they
// overlap the remaining searches instead of all waiting for the last file.
import type { FailedFile } from '../../contract/ipc';
import type { DiscoveredFile } from '../../../src-worker/engine/discover';
import { OS_FAMILIES, type OsFamily, type SkippedFile, type SystemInfo } from '../../../src-worker/engine/types';
import { compareCodePoints } from '../../../src-worker/engine/text';
import type { ExportFamilyResult } from '../../../src-worker/worker/api';
import type { FileSearchOutcome } from '../pool/search-dispatch';

export interface ExportFacts {
  skipped: SkippedFile[];
  failedFiles: FailedFile[];
}

type Searched = Extract<FileSearchOutcome, { kind: 'searched' }>;

export type StartExport = (family: OsFamily, systems: SystemInfo[], searched: Searched[], facts: ExportFacts, early: boolean) => Promise<ExportFamilyResult>;

const byPath = <T extends { relPath: string }>(a: T, b: T): number => compareCodePoints(a.relPath, b.relPath);

/** The run-wide facts of these outcomes, in the order the Summary sheet lists them. */
export function factsOf(done: readonly FileSearchOutcome[]): ExportFacts {
  const skipped: SkippedFile[] = [];
  const failedFiles: FailedFile[] = [];
  for (const o of done) {
    if (o.kind === 'skipped') skipped.push(o.skipped);
    else if (o.kind === 'failed') failedFiles.push({ relPath: o.file.relPath, reason: o.reason });
  }
  return { skipped: skipped.sort(byPath), failedFiles: failedFiles.sort(byPath) };
}

/** What a family's workbook depends on besides the rows of its systems. */
function exportKey(systems: readonly SystemInfo[], facts: ExportFacts): string {
  return JSON.stringify([systems.map((s) => s.relPath), facts.skipped.map((s) => [s.relPath, s.reason]), facts.failedFiles.map((f) => [f.relPath, f.reason])]);
}

function familySystems(done: readonly FileSearchOutcome[], family: OsFamily): { systems: SystemInfo[]; searched: Searched[] } {
  const searched = done.filter((o): o is Searched => o.kind === 'searched' && o.system.osFamily === family).sort((a, b) => byPath(a.system, b.system));
  return { systems: searched.map((o) => o.system), searched };
}

export class FamilyExports {
  private readonly early = new Map<OsFamily, { key: string; result: Promise<ExportFamilyResult | null> }>();

  constructor(private readonly start: StartExport) {}

  /** Families whose export started early. */
  get started(): OsFamily[] {
    return [...this.early.keys()];
  }

  /** After each finished file (`done`: all so far): starts the export of each family that is complete. */
  onSearched(done: readonly FileSearchOutcome[], files: readonly DiscoveredFile[], sniffed: ReadonlyMap<string, OsFamily | null>): void {
    const finished = new Set(done.map((o) => o.file.relPath));
    const pending = new Map<OsFamily | null, number>();
    for (const file of files) {
      if (finished.has(file.relPath)) continue;
      const family = sniffed.get(file.relPath) ?? null;
      pending.set(family, (pending.get(family) ?? 0) + 1);
    }
    // A file of unknown family could still be of any family.
    if (pending.has(null)) return;
    const facts = factsOf(done);
    for (const family of OS_FAMILIES) {
      if (this.early.has(family) || pending.has(family)) continue;
      const { systems, searched } = familySystems(done, family);
      if (systems.length === 0) continue;
      const result = this.start(family, systems, searched, facts, true).catch(() => null);
      this.early.set(family, { key: exportKey(systems, facts), result });
    }
  }

  /** The family's export for the final systems and facts: the early one if it still holds. */
  async final(family: OsFamily, systems: SystemInfo[], searched: Searched[], facts: ExportFacts): Promise<ExportFamilyResult> {
    const early = this.early.get(family);
    if (early) {
      // Settled first in any case: two exports of one family would write the same file.
      const result = await early.result;
      if (result && early.key === exportKey(systems, facts)) return result;
    }
    return this.start(family, systems, searched, facts, false);
  }
}
