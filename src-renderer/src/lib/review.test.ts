import { describe, expect, it } from 'vitest';
import type { SystemInfo } from '../../../src-main/contract/ipc';
import { UNKNOWN_PRODUCER } from '../../../src-worker/engine/detect';
import { displayOs, plainSkipReason, reviewFlags } from './review';

const sys = (over: Partial<SystemInfo>): SystemInfo => ({
  systemName: 'a',
  filePath: '/in/a.txt',
  relPath: 'a.txt',
  sizeBytes: 1,
  sha384: 'h1',
  encoding: 'ascii',
  producer: 'KPNIXAUDIT',
  producerVersion: '0.6.0',
  osFamily: 'Linux',
  distroFamily: 'deb',
  systemOs: 'Ubuntu 22.04',
  osPrettyName: 'Ubuntu 22.04',
  osVersion: '22.04',
  productName: null,
  releaseId: null,
  currentBuild: null,
  ubr: null,
  hostName: 'web1',
  ...over,
});

describe('displayOs', () => {
  it('names a Windows 11 build Windows 11 although the registry says Windows 10', () => {
    const win = { osFamily: 'Windows' as const, systemOs: 'Windows 10 Pro (Build 22631.5335)', currentBuild: '22631' };
    expect(displayOs(win)).toBe('Windows 11 Pro (Build 22631.5335)');
    expect(displayOs({ ...win, systemOs: 'Windows 10 Pro (Build 19044.2965)', currentBuild: '19044' })).toBe('Windows 10 Pro (Build 19044.2965)');
    expect(displayOs({ ...win, systemOs: 'Windows Server 2022 Standard (Build 20348.1)', currentBuild: '20348' })).toBe('Windows Server 2022 Standard (Build 20348.1)');
    expect(displayOs({ osFamily: 'Linux', systemOs: 'Windows 10 lookalike', currentBuild: '30000' })).toBe('Windows 10 lookalike');
    expect(displayOs({ ...win, systemOs: null })).toBeNull();
  });
});

describe('reviewFlags', () => {
  it('flags files with identical content and, separately, one host claimed by different files', () => {
    const a = sys({});
    const copy = sys({ filePath: '/in/copy/a.txt', relPath: 'copy/a.txt' });
    const other = sys({ filePath: '/in/b.txt', relPath: 'b.txt', sha384: 'h2', hostName: 'WEB1' });
    const alone = sys({ filePath: '/in/c.txt', relPath: 'c.txt', sha384: 'h3', hostName: 'db1' });
    const flags = reviewFlags([a, copy, other, alone]);
    expect(flags.sameContent).toEqual([[a, copy]]);
    expect(flags.sameHost).toEqual([[a, copy, other]]);
    expect(flags.byFile.get('/in/copy/a.txt')).toEqual(['Same content as a.txt', 'Host web1 is also in a.txt, b.txt']);
    expect(flags.byFile.get('/in/c.txt')).toBeUndefined();
  });

  it('does not call copies of one file a host conflict', () => {
    const flags = reviewFlags([sys({}), sys({ filePath: '/in/x.txt', relPath: 'x.txt' })]);
    expect(flags.sameContent).toHaveLength(1);
    expect(flags.sameHost).toEqual([]);
  });
});

describe('partial collections and old collector versions', () => {
  it('flags a collection whose collector skipped modules or tests, naming them on its row', () => {
    const a = sys({ hostName: null, collectionGaps: [{ kind: 'module', name: 'K8sMaster', note: null }, { kind: 'module', name: 'K8sWorker', note: null }] });
    const w = sys({ filePath: '/in/w.txt', systemName: 'w', sha384: 'h2', hostName: null, collectionGaps: [{ kind: 'test', name: 'Time_W32TimeLogs', note: 'Unsupported OS detected' }] });
    const clean = sys({ filePath: '/in/c.txt', systemName: 'c', sha384: 'h3', hostName: null });
    const flags = reviewFlags([a, w, clean]);
    expect(flags.partial).toEqual([a, w]);
    expect(flags.byFile.get('/in/a.txt')).toEqual(['Collector skipped modules K8sMaster and K8sWorker']);
    expect(flags.byFile.get('/in/w.txt')).toEqual(['Collector skipped test Time_W32TimeLogs (Unsupported OS detected)']);
    expect(flags.byFile.has('/in/c.txt')).toBe(false);
  });

  it('flags a system that searches of the set skip for its collector version, with those searches', () => {
    const old = sys({ systemName: 'rhel86', producerVersion: '0.6.16', hostName: 'rhel' });
    const current = sys({ filePath: '/in/b.txt', systemName: 'ubuntu', sha384: 'h2', producerVersion: '0.6.22' });
    const flags = reviewFlags([old, current], [
      { name: 'rpm_packages', skippedByVersion: ['rhel86'] },
      { name: 'timers', skippedByVersion: ['rhel86'] },
      { name: 'users', skippedByVersion: [] },
    ]);
    expect(flags.versionSkipped).toEqual([{ system: old, searches: ['rpm_packages', 'timers'] }]);
    expect(flags.byFile.get('/in/a.txt')).toEqual(['kpnixaudit 0.6.16: 2 version-filtered searches skip it (rpm_packages, timers)']);
    expect(reviewFlags([old, current]).versionSkipped).toEqual([]);
  });
});

describe('plainSkipReason', () => {
  it("puts the engine's reasons in an auditor's words, and leaves an unknown one alone", () => {
    expect(plainSkipReason(UNKNOWN_PRODUCER)).toBe('Not audit-script output: no collector (kpnixaudit, kpwinaudit, kpmacaudit, kpadaudit) wrote it');
    expect(plainSkipReason('file too large to search: 629,145,600 bytes, over the 536,870,888 bytes (about 512 MiB) one file may have')).toBe('Too large to search in one piece: split it');
    expect(plainSkipReason('not a complete kpadaudit collection: it starts with a Script_Init block but holds 3 of the 11 Active Directory sections (missing AD_Domain)')).toContain('Incomplete Active Directory collection');
    expect(plainSkipReason('empty file, no audit-script producer line')).toBe('Empty file');
    expect(plainSkipReason('something new')).toBeNull();
  });
});
