import { describe, expect, it } from 'vitest';
import type { DiscoveredFile } from '../../../src-worker/engine/discover';
import type { OsFamily, SystemInfo } from '../../../src-worker/engine/types';
import type { ExportFamilyResult } from '../../../src-worker/worker/api';
import type { FileSearchOutcome } from '../pool/search-dispatch';
import { FamilyExports, factsOf, type ExportFacts } from './family-exports';

const file = (relPath: string): DiscoveredFile => ({ relPath, filePath: `/in/${relPath}`, sizeBytes: 10 });
const searched = (relPath: string, osFamily: OsFamily): FileSearchOutcome => ({
  kind: 'searched',
  file: file(relPath),
  system: { relPath, osFamily } as SystemInfo,
  parts: [],
  rowCounts: {},
});
const skipped = (relPath: string): FileSearchOutcome => ({ kind: 'skipped', file: file(relPath), skipped: { relPath, filePath: `/in/${relPath}`, reason: 'not an audit file' } });
const failed = (relPath: string): FileSearchOutcome => ({ kind: 'failed', file: file(relPath), reason: 'worker died twice', search: null });

function harness() {
  const calls: { family: OsFamily; systems: string[]; facts: ExportFacts; early: boolean }[] = [];
  const exports = new FamilyExports(async (family, systems, _searched, facts, early) => {
    calls.push({ family, systems: systems.map((s) => s.relPath), facts, early });
    return { family, workbookPath: `${family}-${calls.length}.xlsx` } as ExportFamilyResult;
  });
  return { calls, exports };
}

const files = ['mac', 'notes', 'u1', 'u2', 'w1'].map(file);
const sniffed = new Map<string, OsFamily | null>([
  ['mac', 'Darwin'],
  ['notes', null],
  ['u1', 'Linux'],
  ['u2', 'Linux'],
  ['w1', 'Windows'],
]);

describe('FamilyExports', () => {
  it('starts a family once its files and every file of unknown family are done, with the facts so far', async () => {
    const { calls, exports } = harness();
    const done: FileSearchOutcome[] = [searched('mac', 'Darwin')];
    exports.onSearched(done, files, sniffed);
    expect(calls).toEqual([]); // notes.txt could still be anything
    done.push(skipped('notes'));
    exports.onSearched(done, files, sniffed);
    expect(calls.map((c) => [c.family, c.systems, c.early])).toEqual([['Darwin', ['mac'], true]]);
    expect(calls[0]?.facts.skipped.map((s) => s.relPath)).toEqual(['notes']);
    done.push(searched('u1', 'Linux'));
    exports.onSearched(done, files, sniffed);
    expect(exports.started).toEqual(['Darwin']); // u2 is still being searched
    done.push(searched('u2', 'Linux'), searched('w1', 'Windows'));
    exports.onSearched(done, files, sniffed);
    expect(exports.started.sort()).toEqual(['Darwin', 'Linux', 'Windows']);
    // Nothing changed afterwards: the early exports are the results.
    const facts = factsOf(done);
    const mac = await exports.final('Darwin', [{ relPath: 'mac' } as SystemInfo], [], facts);
    expect(mac.workbookPath).toBe('Darwin-1.xlsx');
    expect(calls).toHaveLength(3);
  });

  it('exports again when the facts changed after an early export, or a file turned out to be of the family', async () => {
    const { calls, exports } = harness();
    const done: FileSearchOutcome[] = [skipped('notes'), searched('mac', 'Darwin')];
    exports.onSearched(done, files, sniffed);
    // Later: u1 fails twice (a new failed file), and w1 was sniffed Windows but is really macOS.
    done.push(failed('u1'), searched('u2', 'Linux'), searched('w1', 'Darwin'));
    const facts = factsOf(done);
    expect(facts.failedFiles).toEqual([{ relPath: 'u1', reason: 'worker died twice' }]);
    const mac = await exports.final('Darwin', [{ relPath: 'mac' } as SystemInfo, { relPath: 'w1' } as SystemInfo], [], facts);
    expect(mac.workbookPath).toBe('Darwin-2.xlsx');
    expect(calls.map((c) => [c.family, c.systems, c.early])).toEqual([
      ['Darwin', ['mac'], true],
      ['Darwin', ['mac', 'w1'], false],
    ]);
  });

  it('falls back to a new export when the early one failed', async () => {
    let n = 0;
    const exports = new FamilyExports(async (family) => {
      if (n++ === 0) throw new Error('worker died');
      return { family, workbookPath: 'again.xlsx' } as ExportFamilyResult;
    });
    const done: FileSearchOutcome[] = [skipped('notes'), searched('mac', 'Darwin')];
    exports.onSearched(done, files, sniffed);
    const result = await exports.final('Darwin', [{ relPath: 'mac' } as SystemInfo], [], factsOf(done));
    expect(result.workbookPath).toBe('again.xlsx');
  });
});
