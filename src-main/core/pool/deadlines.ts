// Every task a worker runs is under a watchdog (worker-pool.ts); these size its deadline to the
// task. The unit is the run's per-file timeout: the time one audit file's search may take. Other
// tasks (a family's export, flushing held rows, detection) scale it by their input: one unit, plus
// one per 16 MB of the files they cover (a reference file is 1-3 MB), so a large export is not
// stopped for being large, and a worker that stops answering (SIGSTOP, a hung disk) is found.

/** Input that counts as one more file's worth of time. */
export const DEADLINE_UNIT_BYTES = 16 * 1024 * 1024;

/** The deadline of a task over `bytes` of input files, when one file may take `perFileMs`. */
export function taskDeadlineMs(perFileMs: number, bytes: number): number {
  return Math.round(perFileMs * (1 + Math.max(0, bytes) / DEADLINE_UNIT_BYTES));
}

/** Detection outside a run (scanning a folder) has no per-file timeout of the user's: two minutes a file. */
export const SCAN_PER_FILE_MS = 120_000;
