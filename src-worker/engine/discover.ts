// Finding the input files (SPEC §1.1): Python `Path(start).rglob(filespec)` semantics, sorted by path.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compareCodePoints } from './text';

export interface DiscoveredFile {
  /** Absolute path. */
  filePath: string;
  /** Relative to the start folder, '/'-separated. */
  relPath: string;
  sizeBytes: number;
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

/**
 * Every file under `startDir` matching `filespec`, sorted by relative path (code points). Hidden files and
 * folders are included, symlinked folders are not descended (as pathlib), symlinks to files are followed.
 * Folders listed in `exclude` (e.g. the output folder) are never scanned.
 */
export async function discoverFiles(startDir: string, filespec: string, opts?: { exclude?: string[] }): Promise<DiscoveredFile[]> {
  const root = resolve(startDir);
  let rootStat;
  try {
    rootStat = await stat(root);
  } catch {
    throw new Error(`Start folder not found: ${root}`);
  }
  if (!rootStat.isDirectory()) throw new Error(`Start folder is not a folder: ${root}`);
  const pattern = compileFilespec(filespec);
  const excluded = new Set((opts?.exclude ?? []).map((e) => resolve(root, e)));
  const found: DiscoveredFile[] = [];

  async function walk(dir: string, relSegs: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable sub-folder: pathlib silently skips it too
    }
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const segs = [...relSegs, entry.name];
      if (entry.isDirectory()) {
        if (!excluded.has(abs)) await walk(abs, segs);
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      if (!matchSegments(pattern, 0, segs, 0)) continue;
      let size: number;
      try {
        const st = await stat(abs); // follows a symlink; symlinked folders are not descended
        if (!st.isFile()) continue;
        size = st.size;
      } catch {
        continue; // dangling symlink
      }
      found.push({ filePath: abs, relPath: segs.join('/'), sizeBytes: size });
    }
  }

  if (!excluded.has(root)) await walk(root, []);
  found.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
  return found;
}
