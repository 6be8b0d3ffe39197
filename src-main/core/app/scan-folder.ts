// Scanning an input folder before a run: which files are systems (with their attributes) and
// which are skipped, and why. Uses the engine's discovery and detection directly; each file's
// decoded text is dropped as soon as its system is known.

import type { ScanResult } from '../../contract/ipc';
import { discoverFiles } from '../../../src-worker/engine/discover';
import { readSystemFile } from '../../../src-worker/engine/system-file';
import type { SkippedFile, SystemInfo } from '../../../src-worker/engine/types';

export const DEFAULT_FILESPEC = '*.txt';
/** Files read at once: enough to overlap disk and decoding, small enough for the main thread. */
const CONCURRENCY = 4;

export async function scanFolderWithEngine(root: string, exclude: string[]): Promise<ScanResult> {
  const files = await discoverFiles(root, DEFAULT_FILESPEC, { exclude });
  const outcomes = new Array<{ system?: SystemInfo; skipped?: SkippedFile }>(files.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < files.length) {
      const i = next++;
      const outcome = await readSystemFile(files[i] as (typeof files)[number]);
      outcomes[i] = outcome.ok ? { system: outcome.system } : { skipped: outcome.skipped };
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, lane));
  const systems: SystemInfo[] = [];
  const skipped: SkippedFile[] = [];
  for (const o of outcomes) {
    if (o?.system) systems.push(o.system);
    if (o?.skipped) skipped.push(o.skipped);
  }
  return { root, systems, skipped, filesFound: files.length, totalBytes: files.reduce((n, f) => n + f.sizeBytes, 0) };
}
