// Moving a run's finished files from its staging folder into the output folder without ever
// replacing a file this run did not create. Names carry the run's start second, so two runs into
// one folder in the same second (or at once) would collide: each file is created exclusively
// (a hard link fails with EEXIST when the name is taken), and a taken name gets a counter,
// `Linux_search_results-20261203-080000-2.xlsx`, the same for the workbook and its JSON.
import { constants } from 'node:fs';
import { copyFile, link, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

/** `name` with counter n (1 = the name itself). */
export function numberedName(name: string, n: number): string {
  if (n <= 1) return name;
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}-${n}${ext}`;
}

const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

/** File systems without hard links (FAT, exFAT, some network shares) answer one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EINVAL']);

/** Creates `to` with the content of `from`, only if `to` does not exist; false when it does. */
async function createExclusive(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (err) {
    if (code(err) === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code(err) ?? '')) throw err;
  }
  try {
    await copyFile(from, to, constants.COPYFILE_EXCL);
    return true;
  } catch (err) {
    if (code(err) === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Moves a group of staged files (a workbook and its JSON) into `dir` under their names, or the
 * first counter at which every name of the group is free. Answers the final paths.
 */
export async function commitExclusive(staged: readonly string[], dir: string, maxTries = 1000): Promise<string[]> {
  for (let n = 1; n <= maxTries; n++) {
    const targets = staged.map((s) => join(dir, numberedName(basename(s), n)));
    const made: string[] = [];
    let free = true;
    for (const [i, from] of staged.entries()) {
      if (await createExclusive(from, targets[i] as string)) made.push(targets[i] as string);
      else {
        free = false;
        break;
      }
    }
    if (free) {
      await Promise.all(staged.map((s) => rm(s, { force: true })));
      return targets;
    }
    // Made by this call a moment ago: ours to take back before trying the next counter.
    await Promise.all(made.map((m) => rm(m, { force: true })));
  }
  throw new Error(`No free name for ${staged.map((s) => basename(s)).join(', ')} in ${dir} after ${maxTries} tries`);
}

/** Which file a path named when the run placed it: a file put under that name since is another one. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export async function identityOf(path: string): Promise<FileIdentity | null> {
  try {
    const s = await stat(path);
    return { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

const sameFile = (a: FileIdentity, b: FileIdentity): boolean => a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

/**
 * A retry rewrites the files its run created, and only those. When every file of the group is
 * still the one the run placed (`created`), they are replaced in place; otherwise (a file was
 * moved away, replaced or edited since) none is touched but the run's own, which go, and the
 * group is placed beside them under free names. Answers the final paths.
 */
export async function replaceOwn(staged: readonly string[], own: readonly string[], created: ReadonlyMap<string, FileIdentity>, dir: string): Promise<string[]> {
  const stillOurs = await Promise.all(
    own.map(async (path) => {
      const then = created.get(path);
      const now = await identityOf(path);
      return then !== undefined && now !== null && sameFile(then, now);
    }),
  );
  if (stillOurs.every(Boolean)) {
    for (const [i, from] of staged.entries()) await rename(from, own[i] as string);
    return [...own];
  }
  const placed = await commitExclusive(staged, dir);
  await Promise.all(own.filter((_, i) => stillOurs[i]).map((path) => rm(path, { force: true })));
  return placed;
}
