// The whole pipeline on a folder of awkward inputs: bad files are skipped with a reason naming them,
// re-encoded copies of a real report give exactly the rows of the original.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSearchSet } from './config/load';
import { UNKNOWN_PRODUCER } from './detect';
import { runEngineInProcess, type InProcessRun } from './run-in-process';
import { REFERENCE_DIR, TESTDATA_DIR } from './testing/reference';
import type { Cell } from './types';

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (endian === 'be') le.swap16();
  return bom ? Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), le]) : le;
}

describe('runEngineInProcess on bad and re-encoded inputs', () => {
  let dir: string;
  let run: InProcessRun;
  const original = readFileSync(join(TESTDATA_DIR, 'windows', 'windows11-0.4.8.txt'));
  const text = original.toString('latin1');
  const variants = ['ascii', 'utf16le-bom', 'utf16be-bom', 'utf16le', 'utf16be', 'utf8-bom'];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kpat-engine-'));
    mkdirSync(join(dir, 'win'));
    mkdirSync(join(dir, 'bad'));
    mkdirSync(join(dir, 'results'));
    writeFileSync(join(dir, 'win', 'ascii.txt'), original);
    writeFileSync(join(dir, 'win', 'utf16le-bom.txt'), utf16(text, 'le', true));
    writeFileSync(join(dir, 'win', 'utf16be-bom.txt'), utf16(text, 'be', true));
    writeFileSync(join(dir, 'win', 'utf16le.txt'), utf16(text, 'le', false));
    writeFileSync(join(dir, 'win', 'utf16be.txt'), utf16(text, 'be', false));
    writeFileSync(join(dir, 'win', 'utf8-bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), original]));
    writeFileSync(join(dir, 'win', 'truncated.txt'), original.subarray(0, Math.floor(original.length / 2)));
    writeFileSync(join(dir, 'bad', 'empty.txt'), '');
    writeFileSync(join(dir, 'bad', 'binary.txt'), Buffer.from(Array.from({ length: 8192 }, (_, i) => i % 256)));
    writeFileSync(join(dir, 'bad', 'unknown.txt'), 'just some notes\nKPNIXVERSION:0.6\n');
    writeFileSync(join(dir, 'results', 'previous.txt'), original);
    const searchSet = await loadSearchSet(join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml'));
    run = await runEngineInProcess({ startDir: dir, filespec: '*.txt', searchSet, exclude: [join(dir, 'results')] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('skips empty, binary and unknown-producer files with a reason naming each; never scans the output folder', () => {
    expect(run.skipped.map((s) => [s.relPath, s.reason])).toEqual([
      ['bad/binary.txt', 'binary content: 10.5% of the first 8 KB are control bytes (text has at most 5%)'],
      ['bad/empty.txt', 'empty file, no audit-script producer line'],
      ['bad/unknown.txt', UNKNOWN_PRODUCER],
    ]);
    expect(run.systems.map((s) => [s.relPath, s.encoding])).toEqual([
      ['win/ascii.txt', 'ascii'],
      ['win/truncated.txt', 'ascii'],
      ['win/utf16be-bom.txt', 'utf_16'],
      ['win/utf16be.txt', 'utf_16_be'],
      ['win/utf16le-bom.txt', 'utf_16'],
      ['win/utf16le.txt', 'utf_16_le'],
      ['win/utf8-bom.txt', 'utf_8_sig'],
    ]);
    expect(run.families.map((f) => f.family)).toEqual(['Windows']);
  });

  it('gives every re-encoded copy exactly the rows of the ASCII original', () => {
    const windows = run.families[0];
    if (!windows) throw new Error('no Windows results');
    const rowsOf = (system: string): string[] =>
      windows.searches.flatMap((s) => s.rows.filter((r: Cell[]) => r[0] === system).map((r: Cell[]) => JSON.stringify([s.search, ...r.slice(1)])));
    const reference = rowsOf('ascii');
    expect(reference.length).toBeGreaterThan(2000);
    for (const v of variants) expect(rowsOf(v), v).toEqual(reference);
    const truncated = rowsOf('truncated');
    expect(truncated.length).toBeGreaterThan(100);
    expect(truncated.length).toBeLessThan(reference.length);
  });

});
