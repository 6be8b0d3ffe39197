// A worker ends with the process that started it. The IPC channel's 'disconnect' tells an idle
// Node worker, but a worker whose thread is stuck (a runaway regex, a long export) never gets to
// read it, and a utility process has no such channel: it would spin at 100 % CPU for ever after
// the CLI or the app was killed. So a small thread of its own watches the parent, and kills this
// whole process within about `intervalMs` of the parent's end.
import { Worker } from 'node:worker_threads';

/** The parent is gone when we were re-parented (POSIX: to init or a subreaper) or its pid no longer exists. */
const WATCHER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { parentPid, firstPpid, intervalMs } = workerData;
function alive(pid) {
  try { process.kill(pid, 0); return true; } catch (err) { return err.code === 'EPERM'; }
}
setInterval(() => {
  const reparented = firstPpid === parentPid && process.ppid !== firstPpid;
  if (reparented || !alive(parentPid)) process.kill(process.pid, 'SIGKILL');
}, intervalMs);
`;

export interface ParentWatch {
  stop(): Promise<number>;
}

/** Starts watching `parentPid` (the main side's pid, which the host passes in KPAT_PARENT_PID). */
export function watchParent(parentPid: number, intervalMs = 250): ParentWatch {
  const worker = new Worker(WATCHER_SOURCE, {
    eval: true,
    workerData: { parentPid, firstPpid: process.ppid, intervalMs },
    // It needs almost nothing; keep its heap from reserving what the searches could use.
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
    stdout: false,
    stderr: false,
  });
  // It must not keep the worker alive by itself.
  worker.unref();
  return { stop: () => worker.terminate() };
}

/** The parent pid the host passed, or null when there is none (a worker run in-process, tests). */
export function parentPidFromEnv(env: NodeJS.ProcessEnv): number | null {
  const pid = Number(env.KPAT_PARENT_PID);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}
