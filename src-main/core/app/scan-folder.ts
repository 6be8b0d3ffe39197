// Scanning an input folder before a run: which files are systems (with their attributes) and
// which are skipped, and why. Uses the engine's discovery and detection directly; each file's
// decoded text is dropped as soon as its system is known.

import { SCAN_PER_FILE_MS, taskDeadlineMs } from '../pool/deadlines';
import type { ScanResult } from '../../contract/ipc';
import { discoverFiles, noFilesMessage, type DiscoveredFile, type Discovery } from '../../../src-worker/engine/discover';
import type { DetectOutcome } from '../../../src-worker/worker/api';
import type { WorkerPool } from '../pool/worker-pool';
import { readSystemFile } from '../../../src-worker/engine/system-file';
import type { SkippedFile, SystemInfo } from '../../../src-worker/engine/types';
import { compareCodePoints } from '../../../src-worker/engine/text';

export const DEFAULT_FILESPEC = '*.txt';
/** Files read at once: enough to overlap disk and decoding, small enough for the main thread. */
const CONCURRENCY = 4;

/** Files per detection job on the pool: small enough to spread, large enough to amortise a call. */
const POOL_BATCH = 8;

function collect(root: string, discovery: Discovery, outcomes: (DetectOutcome | undefined)[]): ScanResult {
  const { files } = discovery;
  const systems: SystemInfo[] = [];
  // What discovery could not open and what detection refused, in one list by path.
  const skipped: SkippedFile[] = [...discovery.dropped];
  for (const o of outcomes) {
    if (o?.ok) systems.push(o.system);
    else if (o) skipped.push(o.skipped);
  }
  skipped.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
  return {
    root,
    systems,
    skipped,
    filesFound: files.length,
    totalBytes: files.reduce((n, f) => n + f.sizeBytes, 0),
    emptyReason: files.length === 0 ? noFilesMessage(discovery, root, DEFAULT_FILESPEC) : null,
  };
}

/**
 * Detection on the worker pool, so that reading, decoding and hashing a large folder does not
 * hold up the main process (in Electron, every IPC reply waits on it).
 */
export async function scanFolderOnPool(pool: WorkerPool, root: string, exclude: string[]): Promise<ScanResult> {
  const discovery = await discoverFiles(root, DEFAULT_FILESPEC, { exclude });
  const { files } = discovery;
  const batches: DiscoveredFile[][] = [];
  for (let i = 0; i < files.length; i += POOL_BATCH) batches.push(files.slice(i, i + POOL_BATCH));
  const results = await Promise.all(
    batches.map((batch) =>
      pool.run(
        { label: `scan ${batch[0]?.relPath ?? ''}`, timeoutMs: taskDeadlineMs(SCAN_PER_FILE_MS, batch.reduce((n, f) => n + f.sizeBytes, 0)) },
        (api) => api.detectSystems(batch),
      ),
    ),
  );
  return collect(root, discovery, results.flat());
}

/** Detection in this process: for tests and as the fallback when no worker can start. */
export async function scanFolderWithEngine(root: string, exclude: string[]): Promise<ScanResult> {
  const discovery = await discoverFiles(root, DEFAULT_FILESPEC, { exclude });
  const { files } = discovery;
  const outcomes = new Array<DetectOutcome | undefined>(files.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < files.length) {
      const i = next++;
      const outcome = await readSystemFile(files[i] as DiscoveredFile);
      outcomes[i] = outcome.ok ? { ok: true, system: outcome.system } : { ok: false, skipped: outcome.skipped };
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, lane));
  return collect(root, discovery, outcomes);
}
