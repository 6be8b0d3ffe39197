// How every worker process is tuned, whichever transport starts it (worker-host.ts): its V8 flags
// and its scheduling priority. The transports only apply these (child_process.fork takes the flags
// as Node's execArgv; utilityProcess.fork needs them as one --js-flags switch: utility-spawner.ts).
import { availableParallelism } from 'node:os';

/**
 * V8 flags of every worker. A young generation that may grow to 32 MiB (default 16) lets more of
 * the short-lived strings and row arrays of a search or an export die young (GC per worker
 * 0.9 -> 0.6 s in profiles of 120 systems); it starts small, because a young generation that starts
 * large cost the 6-file run ~0.15 s. Measured end to end the gain is small: 120 systems at -p 2,
 * 9.39 -> 9.24 s and 8.69 -> 8.49 s (alternating runs), 6 files 2.32 -> 2.29 s.
 *
 * `--interrupt-budget` 4× V8's default: a function is optimised by TurboFan only after running four
 * times as long. A cold run spends much of its CPU optimising code that runs briefly (the exporter's
 * per-sheet paths, one-off setup); the search loops are hot enough to be optimised anyway. 6 files:
 * CPU of all processes 4.1-4.2 s -> 3.5-3.9 s (3 alternating runs each); 120 systems unchanged.
 */
export const WORKER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--min-semi-space-size=1', '--interrupt-budget=270336'];

/**
 * The V8 flags of a worker in a pool of `poolSize` on a machine with `cores` cores. When the workers
 * alone fill the cores, V8's parallel and concurrent GC threads only take time from the other
 * workers, and cost synchronisation on top: such workers collect garbage on their own thread.
 * 120 systems, -p 2 on 2 cores, alternating runs: 8.45 -> 8.16 s (8 runs each), 7.95 -> 7.07 s
 * (5) and 7.82 -> 7.62 s (3); CPU 15.2 -> 15.0, 14.6 -> 12.8, 14.5 -> 13.9 s. A lone worker keeps
 * them (-p 1 with them off: 12.49 -> 13.35 s): there they run on a core that is otherwise idle.
 */
export function workerV8Flags(poolSize: number, cores: number = availableParallelism()): string[] {
  return [...WORKER_V8_FLAGS, ...(poolSize >= cores ? ['--single-threaded-gc'] : [])];
}

/**
 * Workers run one step below the main side in scheduling priority (nice +5 on Linux and macOS;
 * Windows maps it to normal, so nothing changes there). The main side is idle most of the time
 * but hands out every file: when the workers fill every core, each hand-over used to wait for a
 * time slice (2.6-4.4 ms between two files of a worker at -p 2, against 1.6 ms at -p 1). Niced
 * workers let it answer at once, and keep the app's window responsive during a run.
 * 120 systems, -p 2, alternating runs: 7.83 -> 7.27 s (4 runs each), 7.48 -> 6.87 s (6);
 * -p 1: 11.71 -> 11.57 s (3).
 */
export const WORKER_NICE = 5;

export type SetPriority = (pid: number, priority: number) => void;

/** Lowers a new worker's priority; a failure (no permission, process gone) only costs speed. */
export function lowerWorkerPriority(pid: number | null | undefined, setPriority: SetPriority): void {
  if (pid === null || pid === undefined) return;
  try {
    setPriority(pid, WORKER_NICE);
  } catch {
    // Left at normal priority.
  }
}
