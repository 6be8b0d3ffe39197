import { describe, expect, it } from 'vitest';
import type { SystemInfo } from '../../../src-main/contract/ipc';
import { displayOs, reviewFlags } from './review';

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
