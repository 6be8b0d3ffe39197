// Active Directory collections are recognised by structure only: the shared kpadaudit file under any
// name, never the six OS files, never a copy that lost its Script_Init block or its sections.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AD_SECTIONS, looksLikeActiveDirectoryHead } from './detect-ad';
import { discoverFiles, type DiscoveredFile } from './discover';
import { systemRow } from './results/build-family-results';
import { familyOfHead } from './sniff';
import { inspectSystemBytes, readSystemFile } from './system-file';
import { AD_FILE, TESTDATA_DIR } from './testing/reference';
import { systemColumnsFor } from './types';

const adBytes = readFileSync(AD_FILE);
const adText = adBytes.toString('latin1');
const asFile = (relPath: string): DiscoveredFile => ({ filePath: `/nowhere/${relPath}`, relPath, sizeBytes: 0 });
const bytesOf = (s: string): Uint8Array => Buffer.from(s, 'latin1');

describe('Active Directory detection', () => {
  it('recognises the shared kpadaudit 0.1.6 file with its domain attributes', async () => {
    const out = await readSystemFile({ filePath: AD_FILE, relPath: 'shire-kpadaudit-0.1.6-ws2022.txt', sizeBytes: adBytes.length });
    if (!out.ok) throw new Error(out.skipped.reason);
    expect(out.system).toMatchObject({
      systemName: 'shire-kpadaudit-0.1.6-ws2022',
      producer: 'KPADAUDIT',
      producerVersion: '',
      osFamily: 'ActiveDirectory',
      encoding: 'ascii',
      distroFamily: null,
      hostName: null,
      systemOs: 'Active Directory shire.rcbartels.com (SHIRE), Windows2016Domain',
      activeDirectory: {
        dnsRoot: 'shire.rcbartels.com',
        netbiosName: 'SHIRE',
        domainMode: 'Windows2016Domain',
        forestMode: null,
        collectorSystemType: 'Server2022',
        collectedAt: '7/28/2025 5:24 PM',
      },
    });
  });

  it('fills the ActiveDirectory Systems Summary columns', async () => {
    const out = await readSystemFile({ filePath: AD_FILE, relPath: 'ad/shire.txt', sizeBytes: 0 });
    if (!out.ok) throw new Error(out.skipped.reason);
    const row = systemRow(out.system);
    expect(systemColumnsFor('ActiveDirectory').map((c) => row[c])).toEqual([
      'shire-kpadaudit-0.1.6-ws2022',
      'ActiveDirectory',
      'KPADAUDIT',
      'shire.rcbartels.com',
      'SHIRE',
      'Windows2016Domain',
      'N/A',
      'Server2022',
      '7/28/2025 5:24 PM',
      'ad/shire.txt',
      'ascii',
      out.system.sha384,
    ]);
  });

  it('ignores the file name: the same bytes under a neutral name are the same system', () => {
    const out = inspectSystemBytes(adBytes, asFile('notes/report.txt'));
    if (!out.ok) throw new Error(out.skipped.reason);
    expect([out.system.systemName, out.system.osFamily]).toEqual(['report', 'ActiveDirectory']);
  });

  it('never takes one of the six OS files for an Active Directory collection', async () => {
    const { files } = await discoverFiles(TESTDATA_DIR, '*.txt');
    expect(files).toHaveLength(6);
    for (const f of files) {
      const out = await readSystemFile(f);
      if (!out.ok) throw new Error(out.skipped.reason);
      expect(out.system.osFamily, f.relPath).not.toBe('ActiveDirectory');
      expect(out.system.activeDirectory, f.relPath).toBeUndefined();
      // Windows results start with a Script_Init block too: only the AD sections tell them apart.
      const withoutVersion = readFileSync(f.filePath, 'latin1').replace(/^.*(KPWINVERSION|KPNIXVERSION|KPMACVERSION).*$/gim, '');
      const stripped = inspectSystemBytes(bytesOf(withoutVersion), f);
      expect(stripped.ok, f.relPath).toBe(false);
    }
  });

  it('skips a truncated copy that kept only its first sections, saying what is missing', () => {
    const out = inspectSystemBytes(adBytes.subarray(0, 20_000), asFile('shire-kpadaudit-0.1.6-ws2022.txt'));
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.skipped.reason).toMatch(/^not a complete kpadaudit collection: it starts with a Script_Init block but holds 6 of the 11/);
    expect(out.skipped.reason).toContain('missing Group_Admins, User_List, User_AdminPasswordPolicy, User_LastLogon90, GPOs_List');
  });

  it('skips a renamed copy whose Script_Init block is gone, or no longer first', () => {
    const noInit = adText.split(/\r\n/).filter((l) => !l.startsWith('Script_Init::')).join('\r\n');
    const moved = `${noInit}\r\n${adText.split(/\r\n/).filter((l) => l.startsWith('Script_Init::')).join('\r\n')}\r\n`;
    for (const body of [noInit, moved]) {
      const out = inspectSystemBytes(bytesOf(body), asFile('shire-kpadaudit-0.1.6-ws2022.txt'));
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.skipped.reason).toMatch(/^unknown producer \(.*no kpadaudit Script_Init block\)$/);
    }
  });

  it('needs the Script_Init system type line and AD_Domain', () => {
    const noType = adText.replace(/^Script_Init:: ###System type is detected as Server2022\.\r\n/m, '');
    expect(inspectSystemBytes(bytesOf(noType), asFile('a.txt')).ok).toBe(false);
    const noDomain = adText.replaceAll('AD_Domain::', 'XX_Domain::');
    const out = inspectSystemBytes(bytesOf(noDomain), asFile('a.txt'));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.skipped.reason).toContain('holds 10 of the 11');
  });

  it('still reads a collection that lacks a section or two (a later collector version)', () => {
    const fewer = adText.replace(/^GPOs_List::.*\r\n/gm, '').replace(/^User_LastLogon90::.*\r\n/gm, '');
    const out = inspectSystemBytes(bytesOf(fewer), asFile('a.txt'));
    expect(out.ok && out.system.osFamily).toBe('ActiveDirectory');
  });

  it('reads a ForestMode property where a collector writes one', () => {
    const withForest = adText.replace('AD_Domain::Forest                             : shire.rcbartels.com\r\n', (l) => `${l}AD_Domain::ForestMode                         : Windows2016Forest\r\n`);
    const out = inspectSystemBytes(bytesOf(withForest), asFile('a.txt'));
    expect(out.ok && out.system.activeDirectory?.forestMode).toBe('Windows2016Forest');
  });

  it('sniffs the family from the first 16 KB, and not from an OS file head', () => {
    expect(familyOfHead(adBytes.subarray(0, 16 * 1024))).toBe('ActiveDirectory');
    expect(looksLikeActiveDirectoryHead(['Script_Init:: ###System type is detected as Windows10.\n', 'Script_Init:: ###[END]\n'])).toBe(false);
    expect(AD_SECTIONS).toHaveLength(11);
  });
});
