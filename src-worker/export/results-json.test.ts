import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FamilyResults } from '../engine/types';
import { REFERENCE_FAMILIES } from '../engine/testing/reference';
import { writeResultsJson } from './results-json';
import { REFERENCE, referenceResults } from './test-support';

const scratch = mkdtempSync(join(tmpdir(), 'kpat-json-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('writeResultsJson', () => {
  it.each(REFERENCE_FAMILIES)('writes %s results in the expected-results format, reading back equal', async (family) => {
    const results = referenceResults(family);
    const dir = join(scratch, family);
    const path = await writeResultsJson(results, dir, new Date(2026, 0, 2, 3, 4, 5));
    expect(path).toBe(join(dir, `${family}_search_results-20260102-030405.json`));
    expect(readdirSync(dir)).toEqual([`${family}_search_results-20260102-030405.json`]);
    const back = JSON.parse(readFileSync(path, 'utf8')) as FamilyResults;
    expect(back).toEqual(results);
    // Same top-level and per-search keys as ../shared/reference/expected/*.json (plus ours).
    const expected = JSON.parse(readFileSync(join(REFERENCE, 'expected', `${family}.json`), 'utf8')) as Record<string, unknown> & {
      searches: Record<string, unknown>[];
    };
    expect(Object.keys(back)).toEqual([...Object.keys(expected), 'checks']);
    expect(Object.keys(back.searches[0] ?? {}).slice(0, 5)).toEqual(Object.keys(expected.searches[0] ?? {}));
  });

  it('names an unwritable folder and leaves nothing behind', async () => {
    const file = join(scratch, 'plain-file');
    writeFileSync(file, '');
    await expect(writeResultsJson(referenceResults('Darwin'), join(file, 'out'), new Date())).rejects.toThrow(`Output folder ${join(file, 'out')}`);
  });
});
