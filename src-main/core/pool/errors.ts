// Why a pool job did not return a result. The search dispatcher retries on these.

/** The worker process ended while it ran the job (crash, OOM, SIGKILL, killed by cancel). */
export class WorkerDiedError extends Error {
  override readonly name = 'WorkerDiedError';
  constructor(
    readonly slot: number,
    readonly reason: string,
    /** The file the worker had announced, if any. */
    readonly relPath: string | null,
  ) {
    super(`worker ${slot} died (${reason})${relPath ? ` while on ${relPath}` : ''}`);
  }
}

/** The task's watchdog fired (search, export, flush…): the worker was killed. */
export class WatchdogError extends Error {
  override readonly name = 'WatchdogError';
  constructor(
    readonly slot: number,
    readonly timeoutMs: number,
    /** What the worker was doing: the file it announced, else the task's label ("export Linux"). */
    readonly relPath: string | null,
    /** The search running when the watchdog fired (known in diagnostic mode only). */
    readonly search: string | null,
    /** That search's index in the set. */
    readonly searchIndex: number | null = null,
    readonly task: string | null = null,
  ) {
    super(
      `no result after ${seconds(timeoutMs)}${relPath ? ` on ${relPath}` : task ? ` from "${task}"` : ''}` +
        (search ? ` (search "${search}")` : '') +
        (relPath ? ' — the worker was stopped (a runaway regex?)' : ' — the worker was stopped (not responding)'),
    );
  }
}

/**
 * Why a search task failed on a file, for a line that already names the file (the run's failed
 * files, the CLI's summary, a workbook's Summary, the manifest): the file is not named again.
 * The error messages above name it, for the logs of the pool, where nothing else does.
 */
export function fileFailureReason(err: unknown): string {
  if (err instanceof WatchdogError) {
    return `no result after ${seconds(err.timeoutMs)}${err.search ? ` in search "${err.search}"` : ''}: the worker was stopped (a runaway regex?)`;
  }
  if (err instanceof WorkerDiedError) return `its worker died (${err.reason})`;
  return err instanceof Error ? err.message : String(err);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

/** The job was withdrawn before a worker took it (cancel). */
export class JobAbortedError extends Error {
  override readonly name = 'JobAbortedError';
  constructor() {
    super('cancelled');
  }
}

/** No worker could be started. */
export class PoolUnavailableError extends Error {
  override readonly name = 'PoolUnavailableError';
}
