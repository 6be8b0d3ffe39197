// Each run keeps its work files (spills, result tables) in a `kpat-run-<pid>-*` folder of the temp
// folder, removed when the run is done with. A process that is killed (or crashes) cannot remove
// its own: the next run sweeps the folders of processes that no longer exist.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const PREFIX = 'kpat-run-';

export function makeRunFolder(root: string): Promise<string> {
  return mkdtemp(join(root, `${PREFIX}${process.pid}-`));
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
export async function sweepRunFolders(root: string, isAlive: (pid: number) => boolean = alive): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const swept: string[] = [];
  for (const name of names) {
    const pid = /^kpat-run-(\d+)-/.exec(name)?.[1];
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
