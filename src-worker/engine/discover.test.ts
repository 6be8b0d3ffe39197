import { execFileSync } from 'node:child_process';
import type { Dirent } from 'node:fs';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { constants } from 'node:buffer';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles, displayName, filespecMatches, noFilesMessage, openablePath, type DiscoveryFs } from './discover';
import { readSystemFile } from './system-file';
import { sniffFamilies } from './sniff';
import { TESTDATA_DIR } from './testing/reference';

describe('filespecMatches (pathlib rglob semantics)', () => {
  it.each([
    ['*.txt', 'a.txt', true],
    ['*.txt', 'sub/deep/a.txt', true],
    ['*.txt', '.hidden.txt', true],
    ['*.txt', 'a.TXT', false],
    ['*.txt', 'a.txt.bak', false],
    ['linux/*.txt', 'x/linux/a.txt', true],
    ['linux/*.txt', 'linux/a.txt', true],
    ['linux/*.txt', 'linux/sub/a.txt', false],
    ['**/*.txt', 'a.txt', true],
    ['a/**/b.txt', 'a/b.txt', true],
    ['a/**/b.txt', 'z/a/x/y/b.txt', true],
    ['host-?.txt', 'host-1.txt', true],
    ['host-?.txt', 'host-12.txt', false],
    ['[ab]*.txt', 'b1.txt', true],
    ['[!ab]*.txt', 'b1.txt', false],
    ['[!ab]*.txt', 'c1.txt', true],
    ['[a.txt', '[a.txt', true],
  ])('%s vs %s → %s', (spec, rel, want) => {
    expect(filespecMatches(spec, rel)).toBe(want);
  });
});

describe('discoverFiles', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpat-discover-'));
    for (const d of ['b', 'a/sub', '.hidden', 'results', 'real']) mkdirSync(join(dir, d), { recursive: true });
    for (const f of ['b/z.txt', 'a/sub/y.txt', 'a/x.txt', '.hidden/h.txt', 'results/old.txt', 'real/r.txt', 'top.txt', 'note.md'])
      writeFileSync(join(dir, f), 'data');
    symlinkSync(join(dir, 'real'), join(dir, 'linked-dir'));
    symlinkSync(join(dir, 'top.txt'), join(dir, 'linked-file.txt'));
    symlinkSync(join(dir, 'missing.txt'), join(dir, 'dangling.txt'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('walks recursively, sorted by relative path, skipping excluded and symlinked folders', async () => {
    const { files: found, dropped } = await discoverFiles(dir, '*.txt', { exclude: [join(dir, 'results')] });
    expect(found.map((f) => f.relPath)).toEqual(['.hidden/h.txt', 'a/sub/y.txt', 'a/x.txt', 'b/z.txt', 'linked-file.txt', 'real/r.txt', 'top.txt']);
    expect(found[0]?.sizeBytes).toBe(4);
    expect(found[0]?.filePath).toBe(join(dir, '.hidden/h.txt'));
    expect(found.every((f) => f.pathBytes === undefined)).toBe(true);
    // The dangling link is named, not dropped without a word.
    expect(dropped).toEqual([{ filePath: join(dir, 'dangling.txt'), relPath: 'dangling.txt', reason: 'dangling symbolic link (its target does not exist)' }]);
  });

  it('accepts exclusions relative to the start folder', async () => {
    const found = await discoverFiles(dir, 'results/*.txt', { exclude: ['results'] });
    expect(found.files).toEqual([]);
    expect(found.excludedRoot).toBe(false);
    expect((await discoverFiles(dir, 'results/*.txt')).files.map((f) => f.relPath)).toEqual(['results/old.txt']);
  });

  it('says that the start folder is the output folder when it is excluded (-d X -o X)', async () => {
    const found = await discoverFiles(dir, '*.txt', { exclude: [dir] });
    expect(found).toEqual({ files: [], dropped: [], excludedRoot: true });
    const message = noFilesMessage(found, dir, '*.txt');
    expect(message).toContain(dir);
    expect(message).toMatch(/also the output folder/);
    expect(message).toMatch(/never scanned/);
    expect(message).not.toMatch(/^No source files found/);
    expect(noFilesMessage(await discoverFiles(join(dir, 'a'), '*.md'), join(dir, 'a'), '*.md')).toBe(`No source files found in ${join(dir, 'a')} matching *.md`);
  });

  it('names a missing start folder', async () => {
    await expect(discoverFiles(join(dir, 'nope'), '*.txt')).rejects.toThrow(/nope/);
  });
});

describe('discoverFiles: nothing that matches is dropped without a word', () => {
  let dir: string;
  const linuxRef = join(TESTDATA_DIR, 'linux', 'rhel86-kp0.6.16-1.txt');
  // "café.txt" in Latin-1 and a folder "d\xff": names that are not valid UTF-8 (Linux allows any bytes).
  const latin1Name = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]);
  const badFolder = Buffer.from([0x64, 0xff]);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpat-discover-drop-'));
    const dirBytes = Buffer.from(dir);
    copyFileSync(linuxRef, Buffer.concat([dirBytes, Buffer.from('/'), latin1Name]));
    const folder = Buffer.concat([dirBytes, Buffer.from('/'), badFolder]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from('/inside.txt')]), 'notes\n');
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    symlinkSync('/dev/null', join(dir, 'device.txt'));
    mkdirSync(join(dir, 'linked-target'));
    symlinkSync(join(dir, 'linked-target'), join(dir, 'folder-link.txt'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.txt'));
    // A path over 4,096 bytes: 17 nested folders of 250 bytes, made one step at a time
    // (mkdir of the whole path at once fails with ENAMETOOLONG).
    const seg = 'n'.repeat(250);
    execFileSync('sh', ['-c', `cd "$1" && for i in $(seq 17); do mkdir ${seg} && cd -P ${seg} || exit 1; done && echo x > deep.txt`, 'sh', join(dir)]);
  });
  afterAll(() => {
    execFileSync('rm', ['-rf', dir]);
  });

  it('lists FIFOs, devices, linked folders, dangling links and over-long paths with their reasons', async () => {
    const { files, dropped } = await discoverFiles(dir, '*.txt');
    const reasons = Object.fromEntries(dropped.map((d) => [d.relPath.replace(/(n{250}\/)+/, '<deep>/'), d.reason]));
    expect(reasons).toMatchObject({
      'pipe.txt': 'not a regular file but a named pipe (FIFO)',
      'device.txt': 'not a regular file but a character device',
      'folder-link.txt': 'symbolic link to a folder (linked folders are not followed)',
      'dangling.txt': 'dangling symbolic link (its target does not exist)',
    });
    const deep = dropped.find((d) => d.relPath.includes('n'.repeat(250)));
    expect(deep?.reason).toMatch(/path is [\d,]+ bytes long, over the system's limit of 4,096/);
    expect(files.map((f) => f.relPath)).toEqual(['caf\\xe9.txt', 'd\\xff/inside.txt']);
  });

  it('reads files whose names are not valid UTF-8 through their bytes, and names them readably', async () => {
    const { files } = await discoverFiles(dir, '*.txt');
    const latin1 = files.find((f) => f.relPath === 'caf\\xe9.txt');
    expect(latin1?.pathBytes).toBeDefined();
    expect(latin1?.filePath).toBe(join(dir, 'caf\\xe9.txt'));
    expect(Buffer.from(openablePath(latin1!))).toEqual(Buffer.concat([Buffer.from(dir), Buffer.from('/'), latin1Name]));
    expect(latin1?.sizeBytes).toBe((await stat(linuxRef)).size);
    const read = await readSystemFile(latin1!);
    expect(read.ok && read.system).toMatchObject({ osFamily: 'Linux', systemName: 'caf\\xe9', relPath: 'caf\\xe9.txt' });
    expect(Object.fromEntries(await sniffFamilies(files))).toEqual({ 'caf\\xe9.txt': 'Linux', 'd\\xff/inside.txt': null });
  });

  it('names a folder it cannot list (EACCES for a non-root user) instead of skipping it silently', async () => {
    // Tests run as root here, which reads any folder: the refusal comes from an injected file system.
    const real: DiscoveryFs = {
      readdir: (p) => import('node:fs/promises').then((fs) => fs.readdir(p, { withFileTypes: true, encoding: 'buffer' })),
      stat: (p) => stat(p),
    };
    const locked = join(dir, 'linked-target');
    const fs: DiscoveryFs = {
      ...real,
      readdir: async (p): Promise<Dirent<Buffer>[]> => {
        if (p === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: 'EACCES' });
        return real.readdir(p);
      },
    };
    const { dropped } = await discoverFiles(dir, '*.txt', { fs });
    expect(dropped.find((d) => d.relPath === 'linked-target/')).toEqual({
      filePath: locked,
      relPath: 'linked-target/',
      reason: 'folder cannot be read (EACCES): the files in it were not searched',
    });
  });
});

describe('discoverFiles: a file too large for one string', () => {
  it('lists it with its size and the limit, and keeps the others (a sparse file: no disk used)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-huge-'));
    try {
      writeFileSync(join(dir, 'small.txt'), 'KPNIXVERSION: 0.6.22\n');
      writeFileSync(join(dir, 'huge.txt'), 'KPNIXVERSION: 0.6.22\n');
      truncateSync(join(dir, 'huge.txt'), constants.MAX_STRING_LENGTH + 1);
      const { files, dropped } = await discoverFiles(dir, '*.txt');
      expect(files.map((f) => f.relPath)).toEqual(['small.txt']);
      expect(dropped).toEqual([{ filePath: join(dir, 'huge.txt'), relPath: 'huge.txt', reason: expect.stringMatching(/^file too large to search: 536,870,889 bytes/) }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('displayName', () => {
  it('keeps UTF-8 and shows every other byte as \\xNN', () => {
    expect(displayName(Buffer.from('café-日本.txt'))).toBe('café-日本.txt');
    expect(displayName(Buffer.from([0x61, 0xe9, 0x62]))).toBe('a\\xe9b');
    // A truncated sequence, an overlong encoding and a lone continuation byte.
    expect(displayName(Buffer.from([0xe6, 0x97, 0x41]))).toBe('\\xe6\\x97A');
    expect(displayName(Buffer.from([0xc0, 0xaf]))).toBe('\\xc0\\xaf');
    expect(displayName(Buffer.concat([Buffer.from('é'), Buffer.from([0x80])]))).toBe('é\\x80');
  });
});
