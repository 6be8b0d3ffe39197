// Before a family's export runs in worker `here`, every part of its rows must be readable there:
// held in that worker's memory, or in its spill file. Rows held by another live worker are flushed
// to disk by that worker; rows held by a worker process that has since died are lost, and their
// file is searched again here (the worker then holds them). Parts are updated in place.
// A holder that does not answer the flush in time (stopped, stuck) is killed by the flush's
// watchdog, and its rows count as lost. So do rows a worker let go of after an export that used
// them (a family's workbook written again: steps/export.ts).
import type { DiscoveredFile } from '../../../src-worker/engine/discover';
import type { SearchTask } from '../../../src-worker/worker/api';
import { taskDeadlineMs } from '../pool/deadlines';
import { nextTaskId, type SpillPart } from '../pool/search-dispatch';
import type { RemoteApi, WorkerHandle, WorkerPool } from '../pool/worker-pool';

export interface FileParts {
  file: DiscoveredFile;
  parts: SpillPart[];
}

const sameProcess = (a: WorkerHandle, b: WorkerHandle): boolean => a.slot === b.slot && a.process === b.process;

export interface GatherReport {
  flushed: number;
  searchedAgain: string[];
}

/**
 * `perFileMs`: the run's per-file timeout, which sizes each flush's deadline.
 * `hold`: a file searched again keeps its rows in memory (false: they go to its spill file, for a later retry of the run).
 */
export async function gatherRows(
  pool: WorkerPool,
  api: RemoteApi,
  here: WorkerHandle,
  files: readonly FileParts[],
  setKey: string,
  perFileMs: number,
  hold = true,
): Promise<GatherReport> {
  const elsewhere = new Map<string, { holder: WorkerHandle; parts: SpillPart[] }>();
  const lost: { file: DiscoveredFile; part: SpillPart }[] = [];
  const partFiles = new Map<SpillPart, DiscoveredFile>();
  for (const { file, parts } of files) {
    for (const part of parts) {
      const holder = part.holder;
      if (!holder) continue;
      if (part.released || !pool.isAlive(holder)) {
        lost.push({ file, part });
        continue;
      }
      if (sameProcess(holder, here)) continue;
      const key = `${holder.slot}:${holder.process}`;
      const group = elsewhere.get(key) ?? { holder, parts: [] };
      group.parts.push(part);
      elsewhere.set(key, group);
      // Its file, to search it here if the flush fails.
      partFiles.set(part, file);
    }
  }
  let flushed = 0;
  await Promise.all(
    [...elsewhere.values()].map(async ({ holder, parts }) => {
      const bytes = parts.reduce((n, p) => n + (partFiles.get(p)?.sizeBytes ?? 0), 0);
      try {
        flushed += await pool.direct(holder, (remote) => remote.flushHeld(parts.map((p) => p.path)), {
          timeoutMs: taskDeadlineMs(perFileMs, bytes),
          label: `flush the rows of ${parts.length} file(s)`,
        });
        for (const part of parts) part.holder = null;
      } catch {
        // The holder died meanwhile: its rows are gone.
        for (const part of parts) lost.push({ file: partFiles.get(part) as DiscoveredFile, part });
      }
    }),
  );
  if (lost.length) {
    const tasks: SearchTask[] = lost.map(({ file, part }) => ({
      taskId: nextTaskId(),
      setKey,
      file,
      ...(part.only ? { only: part.only } : {}),
      spillPath: part.path,
      hold,
    }));
    const results = await api.searchFiles(tasks);
    results.forEach((result, i) => {
      const entry = lost[i];
      if (!entry) return;
      if (!result.ok) throw new Error(`${entry.file.relPath} could not be searched again for the export: ${result.skipped.reason}`);
      entry.part.holder = result.held ? here : null;
      delete entry.part.released;
    });
  }
  return { flushed, searchedAgain: [...new Set(lost.map((l) => l.file.relPath))] };
}
