import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeLines } from './decode';
import { inspectSystemBytes } from './system-file';
import { TESTDATA_DIR } from './testing/reference';

const linuxRef = readFileSync(join(TESTDATA_DIR, 'linux', 'rhel86-kp0.6.16-1.txt'));
const windowsRef = readFileSync(join(TESTDATA_DIR, 'windows', 'windows2022-cb20348-kp0.4.7.txt'));

/** `bytes` with `count` NUL bytes inserted right after the line break nearest to `at`. */
function withNulRun(bytes: Buffer, at: number, count: number): Buffer {
  const cut = bytes.indexOf(0x0a, at) + 1;
  return Buffer.concat([bytes.subarray(0, cut), Buffer.alloc(count), bytes.subarray(cut)]);
}

function utf16le(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

describe('decodeLines: binary is judged on the share of control bytes, not on a zero-filled block', () => {
  it('reads a real file with a 4 KB run of NUL bytes in its first 64 KB as text', () => {
    const damaged = withNulRun(linuxRef, 20_000, 4096);
    const decoded = decodeLines(damaged);
    const clean = decodeLines(linuxRef);
    if (!clean.ok) throw new Error(clean.reason);
    expect(decoded.ok ? decoded.encoding : decoded.reason).toBe(clean.encoding);
    if (!decoded.ok) throw new Error(decoded.reason);
    // Every line is kept; the NULs sit at the head of the line after the cut.
    expect(decoded.lines.length).toBe(clean.lines.length);
    expect(decoded.lines.join('').replace(/\0/g, '')).toBe(clean.lines.join(''));
    const system = inspectSystemBytes(damaged, { filePath: '/x/rhel.txt', relPath: 'rhel.txt', sizeBytes: damaged.length });
    expect(system.ok && system.system.osFamily).toBe('Linux');
  });

  it('reads UTF-16 files with such a run too, with and without a byte-order mark', () => {
    const text = windowsRef.toString('latin1');
    for (const bom of [true, false]) {
      const bytes = utf16le(text, bom);
      const damaged = Buffer.concat([bytes.subarray(0, 30_000), Buffer.alloc(4096), bytes.subarray(30_000)]);
      const decoded = decodeLines(damaged);
      expect(decoded.ok ? decoded.encoding : decoded.reason).toBe(bom ? 'utf_16' : 'utf_16_le');
    }
  });

  it('still refuses binary content, and says which test failed with the share it measured', () => {
    const pattern = Buffer.from(Array.from({ length: 8192 }, (_, i) => i % 256));
    const refused = decodeLines(pattern);
    expect(refused).toEqual({ ok: false, reason: 'binary content: 10.5% of the first 8 KB are control bytes (text has at most 5%)' });
    // A program (this Node binary): scattered control bytes among its zero-filled blocks.
    const elf = readFileSync(process.execPath).subarray(0, 64 * 1024);
    const elfDecoded = decodeLines(elf);
    expect(elfDecoded.ok ? 'read as text' : elfDecoded.reason).toMatch(/^binary content: [\d.]+% of the first 64 KB are control bytes/);
    // A file of zeros is not text either, although it has no scattered control byte.
    const zeros = decodeLines(Buffer.alloc(10_000));
    expect(zeros.ok ? 'read as text' : zeros.reason).toBe('no text: 100% of the first 9.8 KB are runs of NUL bytes');
    const utf16Binary = decodeLines(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7) % 32 || 1)), 'utf16le')]));
    expect(utf16Binary.ok ? 'read as text' : utf16Binary.reason).toMatch(/^binary content: [\d.]+% of the first 4,096 characters are control characters/);
  });
});
