// Each run keeps its work files (spills, result tables) in a `kpat-run-<pid>-*` folder of the temp
// folder, and writes its workbooks into a `.kpat-staging-<pid>-<runId>` folder of the output
// folder; both are removed when the run is done with them. A process that is killed (or crashes)
// cannot remove its own: the next run sweeps the folders of processes that no longer exist.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const PREFIX = 'kpat-run-';
const STAGING_PREFIX = '.kpat-staging-';

export function makeRunFolder(root: string): Promise<string> {
  return mkdtemp(join(root, `${PREFIX}${process.pid}-`));
}

/** The run's staging folder in the output folder (made by the export step). */
export function stagingFolderFor(outputDir: string, runId: string): string {
  return join(outputDir, `${STAGING_PREFIX}${process.pid}-${runId}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes run folders whose process has ended; returns their names. Never throws. */
export function sweepRunFolders(root: string, isAlive: (pid: number) => boolean = alive): Promise<string[]> {
  return sweepDead(root, /^kpat-run-(\d+)-/, isAlive);
}

/** Removes the staging folders of ended processes from an output folder; returns their names. Never throws. */
export function sweepStagingFolders(outputDir: string, isAlive: (pid: number) => boolean = alive): Promise<string[]> {
  return sweepDead(outputDir, /^\.kpat-staging-(\d+)-/, isAlive);
}

async function sweepDead(root: string, pattern: RegExp, isAlive: (pid: number) => boolean): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const swept: string[] = [];
  for (const name of names) {
    const pid = pattern.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    try {
      await rm(join(root, name), { recursive: true, force: true });
      swept.push(name);
    } catch {
      // another sweeper, or not ours to remove: leave it
    }
  }
  return swept;
}
