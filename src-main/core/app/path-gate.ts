// What the renderer may reach. It may read below the folders and files the user chose (picked in
// a dialog, dropped on the window, earlier choices kept in settings), and it may open, show and
// download only the exact files our runs wrote. Anything else a (possibly compromised) page asks
// for is refused here.
//
// Every comparison is made on canonical paths (links resolved, as the file system resolves
// them): `ROOT/a/lnk/../../etc/x` is wherever `lnk` leads, not `ROOT/etc/x`, and a link inside
// a chosen folder that points out of it leads out of it.

import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, parse, sep } from 'node:path';

export class PathNotAllowedError extends Error {
  override name = 'PathNotAllowedError';
}

/**
 * The canonical form of `path`: links resolved the way the file system resolves them, so a `..`
 * after a link steps out of where the link leads (never a lexical `resolve()` first: that would
 * collapse `lnk/..` before following `lnk`). A path that does not exist (yet) is its deepest
 * existing folder's canonical form plus the rest, so an output folder still to be made is judged
 * by where it would be made.
 */
export async function canonicalPath(path: string): Promise<string> {
  const walk = canonicalWalk(path);
  let step = walk.next();
  while (!step.done) step = walk.next(await realpath(step.value).catch(missingAsNull(path)));
  return step.value;
}

/** The same, for grants made while a synchronous IPC call waits (a drop). */
export function canonicalPathSync(path: string): string {
  const walk = canonicalWalk(path);
  let step = walk.next();
  while (!step.done) {
    let real: string | null;
    try {
      real = realpathSync.native(step.value);
    } catch (err) {
      real = missingAsNull(path)(err);
    }
    step = walk.next(real);
  }
  return step.value;
}

/**
 * The resolution itself, apart from the I/O: yields each path to resolve and gets back its real
 * path, or null when it does not exist. First the whole path; when that is missing, component
 * by component from the root, so `..` applies to where the previous component really is.
 */
function* canonicalWalk(path: string): Generator<string, string, string | null> {
  const abs = absoluteAsGiven(path);
  const whole = yield abs;
  if (whole !== null) return whole;
  const { root, parts } = componentsOf(abs);
  let current = (yield root) ?? root;
  let missing = false;
  for (const part of parts) {
    if (part === '..') current = dirname(current);
    else if (missing) current = join(current, part);
    else {
      const next = join(current, part);
      const real = yield next;
      missing = real === null;
      current = real ?? next;
    }
  }
  return current;
}

function missingAsNull(path: string): (err: unknown) => null {
  return (err) => {
    if (isMissing(err)) return null;
    throw new PathNotAllowedError(`${path} cannot be resolved (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  };
}

/** Absolute without normalising: `a/lnk/..` must reach the file system as written. */
function absoluteAsGiven(path: string): string {
  return isAbsolute(path) ? path : `${process.cwd()}${sep}${path}`;
}

function componentsOf(abs: string): { root: string; parts: string[] } {
  const root = parse(abs).root;
  return { root, parts: abs.slice(root.length).split(/[\\/]+/).filter((p) => p !== '' && p !== '.') };
}

/** Windows and macOS file systems compare names case-insensitively by default. */
const FOLD_CASE = process.platform === 'win32' || process.platform === 'darwin';
const caseKey = (canonical: string, foldCase: boolean) => (foldCase ? canonical.toLowerCase() : canonical);

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Folders (and files) the user chose: readable with everything below them. */
export class PathGate {
  private readonly roots = new Set<string>();

  constructor(private readonly foldCase = FOLD_CASE) {}

  /** Allows `path` and everything below it. */
  allow(path: string): void {
    this.roots.add(caseKey(canonicalPathSync(path), this.foldCase));
  }

  /** The canonical path when it lies in a chosen folder; otherwise throws a message naming the path, for the UI. */
  async check(path: string, what: string): Promise<string> {
    const canonical = await canonicalPath(path);
    if (!this.contains(canonical)) throw new PathNotAllowedError(`${what} ${path} was not chosen by the user in this app`);
    return canonical;
  }

  private contains(canonical: string): boolean {
    const p = caseKey(canonical, this.foldCase);
    for (const root of this.roots) {
      if (p === root) return true;
      const prefix = root.endsWith(sep) ? root : root + sep;
      if (p.startsWith(prefix)) return true;
    }
    return false;
  }
}

/** What a run writes that the user may open: workbooks, JSON results, the report (HTML, PDF). A new kind of output adds its extension here. */
export const RUN_OUTPUT_EXTENSIONS = ['.xlsx', '.json', '.html', '.pdf'] as const;

/** The exact files our runs wrote: the only ones that may be opened, shown in their folder or downloaded. */
export class RunOutputs {
  private readonly files = new Set<string>();
  /** Additions still resolving: a check waits for them (the page may ask to open a workbook the moment its run is done). */
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly foldCase = FOLD_CASE) {}

  /**
   * Records a file a run just wrote (called when the run is done, while the file is ours), or
   * one a reopened run's manifest names, which `accept` must then approve by its canonical path.
   */
  add(path: string, accept: (canonical: string) => Promise<boolean> = async () => true): void {
    // A file that cannot be resolved is not recorded (and so cannot be opened); it must not break later checks.
    const adding = canonicalPath(path)
      .then(async (canonical) => {
        if (await accept(canonical)) this.files.add(caseKey(canonical, this.foldCase));
      })
      .catch(() => undefined);
    this.pending = Promise.all([this.pending, adding]).then(() => undefined);
  }

  /** The canonical path to do the I/O on, when `path` is (or leads to) a file a run wrote; otherwise throws. */
  async check(path: string): Promise<string> {
    await this.pending;
    let canonical: string;
    try {
      canonical = await realpath(absoluteAsGiven(path));
    } catch {
      throw new PathNotAllowedError(`${path} does not exist (any more)`);
    }
    const known = this.files.has(caseKey(canonical, this.foldCase));
    const kind = (RUN_OUTPUT_EXTENSIONS as readonly string[]).includes(extname(canonical).toLowerCase());
    if (!known || !kind) throw new PathNotAllowedError(`${path} is not a file written by a run of this app`);
    return canonical;
  }
}
