// Finding the input files (SPEC §1.1): Python `Path(start).rglob(filespec)` semantics, sorted by path.
import { isUtf8 } from 'node:buffer';
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { tooLargeReason } from './size-limit';
import { compareCodePoints } from './text';
import type { SkippedFile } from './types';

export interface DiscoveredFile {
  /** Absolute path (for a name that is not valid UTF-8, its readable form: see `pathBytes`). */
  filePath: string;
  /** Relative to the start folder, '/'-separated; bytes that are not UTF-8 shown as `\xNN`. */
  relPath: string;
  sizeBytes: number;
  /**
   * Only when the path is not valid UTF-8: its bytes (base64), which is what opens the file
   * (a string path cannot name it). A string, so that it crosses every process boundary.
   */
  pathBytes?: string;
}

/** What a file is opened by: its string path, or its raw bytes when its name is not UTF-8. */
export function openablePath(file: Pick<DiscoveredFile, 'filePath' | 'pathBytes'>): string | Buffer {
  return file.pathBytes === undefined ? file.filePath : Buffer.from(file.pathBytes, 'base64');
}

/** One path segment of a glob, as Python's fnmatch understands it (`*`, `?`, `[seq]`, `[!seq]`). */
function segmentToRegExp(segment: string): RegExp {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '*') out += '[^]*';
    else if (c === '?') out += '[^]';
    else if (c === '[') {
      // fnmatch: a ']' right after '[' or '[!' is literal; an unclosed '[' is a literal '['.
      let j = i + 1;
      if (segment[j] === '!') j++;
      if (segment[j] === ']') j++;
      while (j < segment.length && segment[j] !== ']') j++;
      if (j >= segment.length) {
        out += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, j);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      body = body.replace(/[\\\]^]/g, (ch) => `\\${ch}`);
      out += negate ? `[^${body}]` : `[${body}]`;
      i = j;
    } else out += c.replace(/[.*+?^${}()|[\]\\]/g, (ch) => `\\${ch}`);
  }
  return new RegExp(`^${out}$`, 'su');
}

type Segment = { any: true } | { any: false; re: RegExp };

function compileFilespec(filespec: string): Segment[] {
  if (filespec === '' || filespec.startsWith('/')) throw new Error(`Invalid file pattern (must be relative and non-empty): ${filespec}`);
  // rglob(p) is glob('**/' + p): the pattern matches a tail of the relative path at any depth.
  const parts = ['**', ...filespec.split('/').filter((p) => p !== '' && p !== '.')];
  return parts.map((p) => (p === '**' ? { any: true } : { any: false, re: segmentToRegExp(p) }));
}

function matchSegments(pattern: readonly Segment[], pi: number, segs: readonly string[], si: number): boolean {
  if (pi === pattern.length) return si === segs.length;
  const p = pattern[pi] as Segment;
  if (p.any) {
    for (let k = si; k <= segs.length; k++) if (matchSegments(pattern, pi + 1, segs, k)) return true;
    return false;
  }
  return si < segs.length && p.re.test(segs[si] as string) && matchSegments(pattern, pi + 1, segs, si + 1);
}

/** True when `relPath` ('/'-separated) is something `rglob(filespec)` would return. */
export function filespecMatches(filespec: string, relPath: string): boolean {
  return matchSegments(compileFilespec(filespec), 0, relPath.split('/'), 0);
}

/** The result of looking for input files. */
export interface Discovery {
  /** Files to read, sorted by relative path (code points). */
  files: DiscoveredFile[];
  /**
   * Entries matching the pattern that cannot be read as files (FIFOs, devices, dangling links,
   * paths over the system's length limit…), and folders that could not be listed, each with why.
   * Sorted by relative path; a folder's relPath ends with '/'.
   */
  dropped: SkippedFile[];
  /** The start folder itself is excluded (it is the output folder): nothing was looked at. */
  excludedRoot: boolean;
}

/** The file-system calls discovery makes; tests give their own to simulate what root cannot see. */
export interface DiscoveryFs {
  readdir(path: string | Buffer): Promise<Dirent<Buffer>[]>;
  stat(path: string | Buffer): Promise<EntryStat>;
}

export interface EntryStat {
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

const nodeFs: DiscoveryFs = {
  readdir: (path) => readdir(path, { withFileTypes: true, encoding: 'buffer' }),
  stat: (path) => stat(path),
};

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  return n > 0 && i + n <= bytes.length && isUtf8(bytes.subarray(i, i + n)) ? n : 0;
}

/**
 * A name's readable form: UTF-8 as is; any byte that is not part of valid UTF-8 as `\xNN`
 * (Python's backslashreplace), so that two different names never show alike.
 */
export function displayName(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buf)) return buf.toString('utf8');
  let out = '';
  for (let i = 0; i < buf.length; ) {
    const n = utf8SequenceAt(buf, i);
    if (n > 0) {
      out += buf.toString('utf8', i, i + n);
      i += n;
    } else {
      out += `\\x${(buf[i] as number).toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** Linux's PATH_MAX (with the terminating NUL); macOS allows 1,024, Windows (long paths) 32,767. */
const PATH_LIMIT_BYTES = process.platform === 'darwin' ? 1024 : 4096;

function errorCode(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message ?? String(err);
}

function tooLongReason(what: 'file' | 'folder', bytes: number): string {
  return `${what} path is ${bytes.toLocaleString('en-US')} bytes long, over the system's limit of ${PATH_LIMIT_BYTES.toLocaleString('en-US')}: it cannot be opened (move it to a shorter path)`;
}

function notRegularReason(st: EntryStat): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'symbolic link to a folder (linked folders are not followed)';
  if (st.isFIFO()) return 'not a regular file but a named pipe (FIFO)';
  if (st.isSocket()) return 'not a regular file but a socket';
  if (st.isCharacterDevice()) return 'not a regular file but a character device';
  if (st.isBlockDevice()) return 'not a regular file but a block device';
  return 'not a regular file';
}

/** A path for the file system: a string while every name on it is UTF-8, else its bytes. */
type FsPath = string | Buffer;

function childPath(dir: FsPath, name: Buffer): FsPath {
  if (typeof dir === 'string' && isUtf8(name)) return join(dir, name.toString('utf8'));
  const parent = typeof dir === 'string' ? Buffer.from(dir, 'utf8') : dir;
  return Buffer.concat([parent, Buffer.from(sep), name]);
}

function pathText(path: FsPath): string {
  return typeof path === 'string' ? path : displayName(path);
}

function pathBytes(path: FsPath): number {
  return typeof path === 'string' ? Buffer.byteLength(path) : path.length;
}

/**
 * Every file under `startDir` matching `filespec`, sorted by relative path (code points). Hidden
 * files and folders are included, symlinked folders are not descended (as pathlib), symlinks to
 * files are followed. Folders listed in `exclude` (e.g. the output folder) are never scanned.
 * Unlike pathlib, nothing is left out silently: entries that match but cannot be read, and
 * folders that cannot be listed, come back in `dropped` with the reason.
 */
export async function discoverFiles(startDir: string, filespec: string, opts?: { exclude?: string[]; fs?: DiscoveryFs }): Promise<Discovery> {
  const fs = opts?.fs ?? nodeFs;
  const root = resolve(startDir);
  let rootStat;
  try {
    rootStat = await fs.stat(root);
  } catch {
    throw new Error(`Start folder not found: ${root}`);
  }
  if (!rootStat.isDirectory()) throw new Error(`Start folder is not a folder: ${root}`);
  const pattern = compileFilespec(filespec);
  const excluded = new Set((opts?.exclude ?? []).map((e) => resolve(root, e)));
  const files: DiscoveredFile[] = [];
  const dropped: SkippedFile[] = [];
  const drop = (path: FsPath, relPath: string, reason: string): void => void dropped.push({ filePath: pathText(path), relPath, reason });

  async function walk(dir: FsPath, relSegs: string[]): Promise<void> {
    let entries: Dirent<Buffer>[];
    try {
      entries = await fs.readdir(dir);
    } catch (err) {
      // pathlib skips such a folder without a word; an auditor must know its files were not read.
      const code = errorCode(err);
      const rel = relSegs.length ? `${relSegs.join('/')}/` : './';
      drop(
        dir,
        rel,
        code === 'ENAMETOOLONG' ? tooLongReason('folder', pathBytes(dir)) : `folder cannot be read (${code}): the files in it were not searched`,
      );
      return;
    }
    for (const entry of entries) {
      const abs = childPath(dir, entry.name);
      const segs = [...relSegs, displayName(entry.name)];
      if (entry.isDirectory()) {
        if (typeof abs !== 'string' || !excluded.has(abs)) await walk(abs, segs);
        continue;
      }
      if (!matchSegments(pattern, 0, segs, 0)) continue;
      const relPath = segs.join('/');
      let st: EntryStat;
      try {
        st = await fs.stat(abs); // follows a symlink; symlinked folders are not descended
      } catch (err) {
        const code = errorCode(err);
        if (code === 'ENAMETOOLONG') drop(abs, relPath, tooLongReason('file', pathBytes(abs)));
        else if (entry.isSymbolicLink() && code === 'ENOENT') drop(abs, relPath, 'dangling symbolic link (its target does not exist)');
        else drop(abs, relPath, `cannot be opened (${code})`);
        continue;
      }
      const unreadable = notRegularReason(st) ?? tooLargeReason(st.size);
      if (unreadable) {
        drop(abs, relPath, unreadable);
        continue;
      }
      const file: DiscoveredFile = { filePath: pathText(abs), relPath, sizeBytes: st.size };
      if (typeof abs !== 'string') file.pathBytes = abs.toString('base64');
      files.push(file);
    }
  }

  const excludedRoot = excluded.has(root);
  if (!excludedRoot) await walk(root, []);
  files.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
  dropped.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
  return { files, dropped, excludedRoot };
}

/**
 * Why a discovery found nothing to read, in words for the user (CLI and app): the start folder is
 * the output folder, or what matched could not be read, or nothing matched.
 */
export function noFilesMessage(discovery: Discovery, startDir: string, filespec: string): string {
  if (discovery.excludedRoot) {
    return (
      `No source files read in ${startDir}: it is also the output folder, and the output folder is never scanned ` +
      `(it holds the workbooks and JSON of earlier runs, which are not audit results). Choose a different output folder.`
    );
  }
  if (discovery.dropped.length > 0) {
    return `No source files could be read in ${startDir} matching ${filespec}: ${discovery.dropped.length} entr${discovery.dropped.length === 1 ? 'y' : 'ies'} could not be read (listed above)`;
  }
  return `No source files found in ${startDir} matching ${filespec}`;
}
