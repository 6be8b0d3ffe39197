import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import type { DiscoveredFile } from './discover';
import { splitLines } from './decode';
import { fileStem, inspectSystemBytes, readSystemFile } from './system-file';
import { TESTDATA_DIR } from './testing/reference';

const file = (relPath: string): DiscoveredFile => ({ filePath: join(TESTDATA_DIR, relPath), relPath, sizeBytes: 0 });
const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2 + (bom ? 2 : 0));
  let o = 0;
  if (bom) {
    out[o++] = endian === 'le' ? 0xff : 0xfe;
    out[o++] = endian === 'le' ? 0xfe : 0xff;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[o++] = endian === 'le' ? c & 0xff : c >> 8;
    out[o++] = endian === 'le' ? c >> 8 : c & 0xff;
  }
  return out;
}

describe('splitLines', () => {
  it('normalises CRLF and CR, keeps each terminator, drops the trailing empty piece', () => {
    expect(splitLines('a\r\nb\rc\nd')).toEqual(['a\n', 'b\n', 'c\n', 'd']);
    expect(splitLines('a\n')).toEqual(['a\n']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('\n\n')).toEqual(['\n', '\n']);
    expect(splitLines('x\x0by\x0cz\u2028w')).toEqual(['x\x0by\x0cz\u2028w']);
  });
});

describe('fileStem', () => {
  it('drops only the last suffix, like pathlib', () => {
    expect(fileStem('/a/host.tar.txt')).toBe('host.tar');
    expect(fileStem('/a/.hidden')).toBe('.hidden');
    expect(fileStem('/a/noext')).toBe('noext');
  });
});

describe('reference files', () => {
  it('recognises every shared file with the attributes of SPEC §2.2', async () => {
    const cases: [string, Partial<Record<string, unknown>>][] = [
      ['linux/rhel86-kp0.6.16-1.txt', { systemName: 'rhel86-kp0.6.16-1', encoding: 'utf_8', producer: 'KPNIXAUDIT', producerVersion: '0.6.16', osFamily: 'Linux', distroFamily: 'rpm', systemOs: 'Red Hat Enterprise Linux 8.6 (Ootpa)', osPrettyName: 'Red Hat Enterprise Linux 8.6 (Ootpa)', osVersion: '8.6', productName: null, hostName: '11792-tdc3-dns.modernniagara.miaas' }],
      ['linux/ubuntu-22.04-0.6.22.txt', { encoding: 'utf_8', producerVersion: '0.6.22', distroFamily: 'deb', systemOs: 'Ubuntu 22.04.5 LTS', osVersion: '22.04' }],
      ['windows/windows11-0.4.8.txt', { encoding: 'ascii', producer: 'KPWINAUDIT', producerVersion: '0.4.8', osFamily: 'Windows', distroFamily: null, systemOs: 'Windows 10 Pro (Build 22631.5335)', productName: 'Windows 10 Pro', releaseId: '2009', currentBuild: '22631', ubr: '5335', osVersion: '22631.5335', hostName: 'THE-BEAST' }],
      ['windows/windows10pro-cb19044-kp0.4.7.txt', { encoding: 'ascii', systemOs: 'Windows 10 Pro (Build 19044.2965)', hostName: 'KP-5CG0347FWD' }],
      ['windows/windows2022-cb20348-kp0.4.7.txt', { systemOs: 'Windows Server 2022 Standard Evaluation (Build 20348.1726)', releaseId: '2009', hostName: 'MANWE' }],
      ['macos/macos-13.4.1-kp0.1.0.txt', { encoding: 'utf_8', producer: 'KPMACAUDIT', producerVersion: '0.0.99', osFamily: 'Darwin', systemOs: 'macOS 13.4.1 (Build 22F82)', productName: 'macOS', osVersion: '13.4.1', hostName: 'Gregs-MacBook-Pro-2.local' }],
    ];
    for (const [rel, want] of cases) {
      const out = await readSystemFile(file(rel));
      if (!out.ok) throw new Error(out.skipped.reason);
      expect(out.system, rel).toMatchObject(want);
      expect(out.system.sha384).toMatch(/^[0-9a-f]{96}$/);
    }
  });
});

describe('bad and unusual input', () => {
  const original = readFileSync(join(TESTDATA_DIR, 'windows/windows11-0.4.8.txt'));
  const text = original.toString('latin1');
  const asciiOutcome = inspectSystemBytes(original, file('windows/windows11-0.4.8.txt'));
  if (!asciiOutcome.ok) throw new Error('reference file not recognised');

  it('skips an empty file naming it', () => {
    const out = inspectSystemBytes(new Uint8Array(0), file('x/empty.txt'));
    expect(out.ok).toBe(false);
    if (!out.ok) expect([out.skipped.relPath, out.skipped.reason]).toEqual(['x/empty.txt', expect.stringMatching(/^empty file/)]);
  });

  it('skips binary content', () => {
    const bin = new Uint8Array(4096).map((_, i) => i % 256);
    const out = inspectSystemBytes(bin, file('bin.txt'));
    expect(out.ok).toBe(false);
    if (!out.ok) expect([out.skipped.relPath, out.skipped.reason]).toEqual(['bin.txt', expect.stringMatching(/^binary/)]);
  });

  it('skips an unknown producer naming the file, including near-miss version lines', () => {
    for (const body of ['hello\nworld\n', 'KPNIXVERSION:\n', 'KPNIXVERSION:0.6\n']) {
      const out = inspectSystemBytes(bytesOf(body), file('other.txt'));
      expect(out.ok).toBe(false);
      if (!out.ok) expect([out.skipped.relPath, out.skipped.reason]).toEqual(['other.txt', expect.stringMatching(/^unknown producer/)]);
    }
  });

  it.each([
    ['le', true, 'utf_16'],
    ['be', true, 'utf_16'],
    ['le', false, 'utf_16_le'],
    ['be', false, 'utf_16_be'],
  ] as const)('decodes UTF-16 %s (BOM %s) to the same lines as the ASCII original', (endian, bom, encoding) => {
    const out = inspectSystemBytes(utf16(text, endian, bom), file('windows/windows11-0.4.8.txt'));
    if (!out.ok) throw new Error(out.skipped.reason);
    expect(out.system.encoding).toBe(encoding);
    expect(out.lines).toEqual(asciiOutcome.lines);
    expect({ ...out.system, encoding: '', sha384: '', sizeBytes: 0 }).toEqual({ ...asciiOutcome.system, encoding: '', sha384: '', sizeBytes: 0 });
  });

  it('strips a UTF-8 BOM and reports utf_8_sig', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf('KPNIXVERSION: 0.6.1\nx\n')]);
    const out = inspectSystemBytes(withBom, file('bom.txt'));
    if (!out.ok) throw new Error(out.skipped.reason);
    expect(out.system.encoding).toBe('utf_8_sig');
    expect(out.lines[0]).toBe('KPNIXVERSION: 0.6.1\n');
  });

  it('falls back to windows-1252 for invalid UTF-8', () => {
    const out = inspectSystemBytes(new Uint8Array([...bytesOf('KPNIXVERSION: 0.6.1\ncaf'), 0xe9, 0x0a]), file('cp.txt'));
    if (!out.ok) throw new Error(out.skipped.reason);
    expect(out.system.encoding).toBe('cp1252');
    expect(out.lines[1]).toBe('café\n');
  });

  it('accepts a truncated file (cut mid-line) as a system', () => {
    const out = inspectSystemBytes(original.subarray(0, 5000), file('windows/w.txt'));
    if (!out.ok) throw new Error(out.skipped.reason);
    expect(out.lines.at(-1)?.endsWith('\n')).toBe(false);
    expect(out.system.producerVersion).toBe('0.4.8');
  });

  it('handles a 5 MB single line', () => {
    const big = `KPNIXVERSION: 0.6.22\n${'x'.repeat(5 * 1024 * 1024)}`;
    const out = inspectSystemBytes(bytesOf(big), file('big.txt'));
    if (!out.ok) throw new Error(out.skipped.reason);
    expect(out.lines).toHaveLength(2);
    expect(out.lines[1]).toHaveLength(5 * 1024 * 1024);
  });

  it('recognises the kpwinaudit 0.3.4–0.4.1 format (UTF-16, "KPWinAudit Version", space after ::)', () => {
    const old = [
      'System_PSDetails:: ###[BEGIN]',
      'System_PSDetails:: KPWinAudit Version: 0.3.4',
      'System_Hostname:: ###[BEGIN]',
      'System_Hostname:: OLD-HOST',
      'System_OSInfo:: ProductName  : Windows Server 2012 R2 Standard',
      'System_OSInfo:: CurrentBuild : 9600',
      '',
    ].join('\r\n');
    const out = inspectSystemBytes(utf16(old, 'le', true), file('old.txt'));
    if (!out.ok) throw new Error(out.skipped.reason);
    expect(out.system).toMatchObject({ producer: 'KPWINAUDIT', producerVersion: '0.3.4', osFamily: 'Windows', hostName: 'OLD-HOST', productName: 'Windows Server 2012 R2 Standard', currentBuild: '9600', ubr: null, releaseId: null, systemOs: 'Windows Server 2012 R2 Standard (Build 9600)' });
  });
});

describe('a file too large for one string', () => {
  it('is refused up front with its size and the limit, without being read (a sparse file: no disk used)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-huge-'));
    try {
      const path = join(dir, 'huge.txt');
      // 80 KB of real text, then a hole: the first 64 KB look like text, so only the size can refuse it.
      writeFileSync(path, `KPNIXVERSION: 0.6.22\n${'System_Info:: text\n'.repeat(4000)}`);
      truncateSync(path, constants.MAX_STRING_LENGTH + 1);
      const started = performance.now();
      const out = await readSystemFile({ filePath: path, relPath: 'huge.txt', sizeBytes: 0 });
      expect(out.ok).toBe(false);
      if (!out.ok) {
        expect(out.skipped.relPath).toBe('huge.txt');
        expect(out.skipped.reason).toMatch(/^file too large to search: 536,870,889 bytes, over the 536,870,888 bytes \(about 512 MiB\) one file may have/);
      }
      // Refused from its size, not after reading half a gigabyte.
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
