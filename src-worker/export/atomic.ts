// Output files appear whole or not at all: written under a hidden temporary name in the output
// folder (same file system, so the final rename is atomic) and renamed when complete.

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Creates `dir` if missing and proves a file can be written in it; otherwise throws naming it. */
export async function assertWritableDir(dir: string): Promise<void> {
  const abs = resolve(dir);
  try {
    await mkdir(abs, { recursive: true });
  } catch (err) {
    throw new Error(`Output folder ${abs} cannot be created: ${reason(err)}`, { cause: err });
  }
  const info = await stat(abs);
  if (!info.isDirectory()) throw new Error(`Output folder ${abs} is not a folder`);
  const probe = join(abs, `.kpat-write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, '');
  } catch (err) {
    throw new Error(`Output folder ${abs} is not writable: ${reason(err)}`, { cause: err });
  }
  await rm(probe, { force: true });
}

/** Hidden temporary sibling of `finalPath`; unique per call. */
export function partialPath(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}-${randomBytes(3).toString('hex')}.partial`);
}

/** Moves a finished temporary file into place. */
export async function commitPartial(tempPath: string, finalPath: string): Promise<void> {
  await rename(tempPath, finalPath);
}

/** Removes a temporary file after a failure; never throws (the original error matters). */
export async function discardPartial(tempPath: string): Promise<void> {
  await rm(tempPath, { force: true }).catch(() => undefined);
}

function reason(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    const message = 'message' in err && typeof err.message === 'string' ? err.message : '';
    return `${err.code}${message ? ` (${message})` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}

