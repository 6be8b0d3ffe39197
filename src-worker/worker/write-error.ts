// A write that fails for lack of room says where and what. Node's error for a failed write()
// is "ENOSPC: no space left on device, write": no file, no folder, nothing to act on. Every
// write a worker makes for a run (spill files, result tables, workbooks, JSON) goes through
// whileWriting(), which names the folder and what was being written and keeps Node's error as
// the cause.

import { dirname } from 'node:path';

/** Error codes that mean "this folder cannot take more", each with its words. */
const NO_ROOM: Record<string, string> = {
  ENOSPC: 'no space left',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file size limit reached',
};

/** Node's error for a failed write, reworded to name `folder` and `what` (e.g. "the Linux workbook"). */
export function writeError(err: unknown, what: string, folder: string): Error {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const room = code ? NO_ROOM[code] : undefined;
  if (room) return new Error(`${room} in ${folder} while writing ${what} (${code})`, { cause: err });
  const detail = err instanceof Error ? err.message : String(err);
  return new Error(`cannot write ${what} in ${folder}: ${detail}`, { cause: err });
}

/** Runs `write`; a file-system error it ends with is reworded by writeError. Other errors pass unchanged. */
export async function whileWriting<T>(what: string, folder: string, write: () => Promise<T> | T): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw reworded(err, what, folder);
  }
}

/** whileWriting for a write made on this thread at once (a sheet's rows being handed over). */
export function whileWritingSync<T>(what: string, folder: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    throw reworded(err, what, folder);
  }
}

function reworded(err: unknown, what: string, folder: string): unknown {
  return typeof (err as NodeJS.ErrnoException | null)?.code === 'string' && (err as NodeJS.ErrnoException).syscall ? writeError(err, what, folder) : err;
}

/** The folder of a set of spill files (they share one per run), for the words of a failed flush. */
export function spillFolder(paths: readonly string[]): string {
  const first = paths[0];
  return first === undefined ? 'the spill folder' : dirname(first);
}
