// A reopened run says what the fresh run said: its failed files, and the files searched in part.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../contract/ipc';
import { overviewFromManifest } from './reopen-run';
import { buildManifest } from './run-manifest';

describe('overviewFromManifest', () => {
  it('brings back the failed files and the partly searched ones (a search left out), each with its reason', () => {
    const partly = `search "runaway" left out: it ran past the 2 s watchdog (a runaway regex?); the other searches' rows are kept`;
    const summary: RunSummary = {
      runId: 'r1',
      outcome: 'partial',
      error: null,
      root: '/in',
      outputDir: '/out',
      searchSetTitle: 'set.yaml',
      startedAt: '2026-12-03T08:00:00.000Z',
      elapsedMs: 10,
      systems: 2,
      filesTotal: 3,
      filesSearched: 2,
      skipped: [],
      failedFiles: [
        { relPath: 'b.txt', reason: 'its worker died (SIGKILL); tried twice', search: null },
        { relPath: 'c.txt', reason: partly, search: 'runaway', partial: true },
      ],
      families: [],
      familiesWithoutWorkbook: [],
      manifestPath: null,
    };
    const manifest = buildManifest({
      appVersion: '1',
      summary,
      outcomeLabel: 'partial: 1 of 3 files could not be searched; a search was left out of 1 of 3 files',
      finishedAt: new Date('2026-12-03T08:00:01.000Z'),
      searchSet: { title: 'set.yaml', files: [], sha384: null, searchCount: 2 },
      inputs: [
        { relPath: 'a.txt', sizeBytes: 3, sha384: 'aa', status: 'system', reason: null },
        { relPath: 'b.txt', sizeBytes: 3, sha384: 'bb', status: 'failed', reason: 'its worker died (SIGKILL); tried twice' },
        { relPath: 'c.txt', sizeBytes: 3, sha384: 'cc', status: 'system', reason: partly },
      ],
      families: [],
    });
    expect(overviewFromManifest('/out/kpat-manifest-20261203-080000.json', manifest).summary.failedFiles).toEqual([
      { relPath: 'b.txt', reason: 'its worker died (SIGKILL); tried twice', search: null },
      { relPath: 'c.txt', reason: partly, search: null, partial: true },
    ]);
  });
});
