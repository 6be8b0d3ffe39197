// A quick guess of each file's OS family from its first bytes, before any search. The pool uses it
// only to schedule (a family's files go to the same worker, so its export finds their rows in
// memory); the search task still reads the whole file and its detection is what counts. A wrong
// or missing guess costs some speed, never a result.
import { open } from 'node:fs/promises';
import { decodeLines } from './decode';
import { producerFamily } from './detect';
import { openablePath, type DiscoveredFile } from './discover';
import type { OsFamily } from './types';

/** Producer lines come within the first dozen lines (about 1 KB) of every known script version. */
export const SNIFF_BYTES = 16 * 1024;

/** Pure: the family named by a producer line in these leading bytes, if any. */
export function familyOfHead(head: Uint8Array): OsFamily | null {
  if (head.length === 0) return null;
  const decoded = decodeLines(head);
  return decoded.ok ? producerFamily(decoded.lines) : null;
}

async function readHead(path: string | Buffer): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** relPath → guessed family (null: unreadable or no producer line in the head). */
export async function sniffFamilies(files: readonly DiscoveredFile[], concurrency = 16): Promise<Map<string, OsFamily | null>> {
  const out = new Map<string, OsFamily | null>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] as DiscoveredFile;
      out.set(file.relPath, await readHead(openablePath(file)).then(familyOfHead, () => null));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return out;
}
