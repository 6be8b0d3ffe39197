import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverFiles } from './discover';
import { familyOfHead, sniffFamilies, SNIFF_BYTES } from './sniff';
import { REFERENCE_DIR as referenceDir } from './testing/reference';

const dir = mkdtempSync(join(tmpdir(), 'kpat-sniff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sniffFamilies', () => {
  it('names the family of every reference file from its first bytes alone', async () => {
    const { files } = await discoverFiles(join(referenceDir, 'testdata'), '*.txt');
    const families = await sniffFamilies(files);
    expect(Object.fromEntries([...families].map(([path, family]) => [path.split('/')[0], family]))).toEqual({
      linux: 'Linux',
      macos: 'Darwin',
      windows: 'Windows',
    });
    expect([...families.values()].filter((f) => f === null)).toEqual([]);
  });

  it('reads UTF-16 heads, and gives null for unknown, empty or unreadable files', async () => {
    const win = readFileSync(join(referenceDir, 'testdata', 'windows', 'windows2022-cb20348-kp0.4.7.txt'), 'latin1').slice(0, SNIFF_BYTES);
    expect(familyOfHead(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(win, 'utf16le')]))).toBe('Windows');
    expect(familyOfHead(Buffer.from('just some notes\n'))).toBeNull();
    expect(familyOfHead(new Uint8Array())).toBeNull();
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    const files = [...(await discoverFiles(dir, '*.txt')).files, { relPath: 'gone.txt', filePath: join(dir, 'gone.txt'), sizeBytes: 1 }];
    expect(Object.fromEntries(await sniffFamilies(files))).toEqual({ 'notes.txt': null, 'gone.txt': null });
  });
});
