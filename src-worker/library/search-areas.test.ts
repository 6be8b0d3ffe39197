import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSearchSet } from '../engine/config/load';
import { areaOfFile, searchAreas } from './search-areas';

const library = path.resolve(__dirname, '../../builtin-searches');

describe('areaOfFile', () => {
  it('takes the name before the colon of a first-line comment', () => {
    expect(areaOfFile('/lib/linux-ssh.yaml', '# Linux SSH and remote access: effective sshd settings, algorithms\n#\nglobal:\n')).toBe('Linux SSH and remote access');
  });
  it('takes a whole short first-line comment without a colon', () => {
    expect(areaOfFile('/x/a.yaml', '# Firewall checks\nsearch_a:\n')).toBe('Firewall checks');
  });
  it('falls back to the file name when the first line is no comment, or the comment is a sentence', () => {
    // The reference configurations start with "---" and a comment paragraph of instructions.
    expect(areaOfFile('/conf.d/audit-linux.yaml', '---\n\n# Instructions for working in YAML mode:\n')).toBe('audit-linux');
    expect(areaOfFile('/conf.d/audit-linux-ssh.yml', 'global:\n  sys_filter: []\n')).toBe('audit-linux-ssh');
    expect(areaOfFile('/c/x.yaml', `# ${'a very long first line that is a sentence rather than the name of an area '.repeat(2)}\n`)).toBe('x');
    expect(areaOfFile('/c/empty.yaml', '')).toBe('empty');
  });
});

describe('searchAreas', () => {
  it('names every built-in search by its area file, each file read once', async () => {
    const set = await loadSearchSet(path.join(library, 'all.yaml'), { libraryDir: library });
    const reads: string[] = [];
    const areas = await searchAreas(set.searches, async (f) => {
      reads.push(f);
      return readFile(f, 'utf8');
    });
    expect(areas.size).toBe(set.searches.length);
    expect(new Set(reads).size).toBe(reads.length);
    const ssh = set.searches.find((s) => s.name === 'linux_ssh_effective_settings');
    expect(areas.get(ssh?.index ?? -1)).toBe('Linux SSH and remote access');
    // Every area file of the library names its area on its first line.
    for (const area of areas.values()) expect(area).not.toMatch(/^(linux|windows|macos|ad)-/);
  });
  it('an unreadable file is named by its file name', async () => {
    const areas = await searchAreas([{ index: 0, source: { file: '/gone/linux-extra.yaml' } }], async () => null);
    expect(areas.get(0)).toBe('linux-extra');
  });
});
