// Workers as Electron utility processes (the desktop app). Facts that shape this file
// (GUIDE §2): the child talks through process.parentPort; exit codes and `exit` events are
// unreliable (a crash can be reported as 0, `exit` can come twice), so they are hints,
// de-duplicated, and `app`'s `child-process-gone` is watched as well — matched to our
// process by its unique serviceName.
import { setPriority } from 'node:os';
import { app, utilityProcess, type Details, type UtilityProcess } from 'electron';
import {
  ExitOnce,
  lowerWorkerPriority,
  pipeLines,
  type SetPriority,
  type SpawnOptions,
  type WorkerLog,
  type WorkerProcess,
  type WorkerSpawner,
} from '../core/pool/spawner';

/** The members of Electron's UtilityProcess this spawner uses (the unit test's fake implements exactly these). */
export type UtilityProcessLike = Pick<UtilityProcess, 'pid' | 'stdout' | 'stderr' | 'postMessage' | 'kill' | 'on' | 'off'>;

export interface UtilitySpawnerOptions {
  modulePath: string;
  log: WorkerLog;
  env?: NodeJS.ProcessEnv;
  /** How long a killed worker may take to go before it gets SIGKILL. */
  killGraceMs?: number;
  /** os.setPriority unless given (tests). */
  setPriority?: SetPriority;
}

let serial = 0;

export class UtilitySpawner implements WorkerSpawner {
  readonly modulePath: string;
  private readonly live = new Map<string, ExitOnce>();
  private readonly onGone = (_event: unknown, details: Details): void => {
    // ForkOptions.serviceName comes back as `details.name` (electron.d.ts); `details.serviceName`
    // is Chromium's internal service name, the same for every utility process.
    if (details.type !== 'Utility' || !details.name) return;
    const exit = this.live.get(details.name);
    exit?.fire({ code: details.exitCode, signal: null, reason: details.reason });
  };

  constructor(private readonly opts: UtilitySpawnerOptions) {
    this.modulePath = opts.modulePath;
    app.on('child-process-gone', this.onGone);
  }

  /** Stops watching `app`; workers already spawned are not touched. */
  dispose(): void {
    app.removeListener('child-process-gone', this.onGone);
  }

  spawn({ slot }: SpawnOptions): WorkerProcess {
    const serviceName = `kpat-worker-${slot}-${process.pid}-${++serial}`;
    const log = this.opts.log;
    const exit = new ExitOnce();
    this.live.set(serviceName, exit);
    exit.add(() => this.live.delete(serviceName));

    const child: UtilityProcessLike = utilityProcess.fork(this.modulePath, [], {
      serviceName,
      stdio: 'pipe',
      env: this.opts.env ?? process.env,
    });
    // pid becomes undefined after exit: remember it for kill() and for status lines.
    let pid: number | null = child.pid ?? null;
    child.on('spawn', () => {
      pid = child.pid ?? pid;
      lowerWorkerPriority(pid, this.opts.setPriority ?? setPriority);
      // stdout/stderr exist from spawn on.
      pipeLines(child.stdout, (line) => log('info', slot, line));
      pipeLines(child.stderr, (line) => log('warn', slot, line));
    });
    child.on('exit', (code) => exit.fire({ code, signal: null, reason: `exit code ${code}` }));
    child.on('error', (type, location) => log('error', slot, `${serviceName}: ${type} at ${location}`));

    const killGraceMs = this.opts.killGraceMs ?? 2000;
    return {
      get pid() {
        return pid;
      },
      send(message) {
        if (!exit.exited) child.postMessage(message);
      },
      subscribe(listener) {
        // Main side: `message` carries the data itself (no MessageEvent wrapper).
        const onMessage = (data: unknown): void => listener(data);
        child.on('message', onMessage);
        return () => void child.off('message', onMessage);
      },
      onExit: (listener) => exit.add(listener),
      kill() {
        if (exit.exited) return;
        child.kill();
        // kill() is SIGTERM; a process stuck in native code gets SIGKILL after a grace period.
        const target = pid;
        const timer = setTimeout(() => {
          if (exit.exited || target === null) return;
          try {
            process.kill(target, 'SIGKILL');
          } catch {
            // already gone
          }
        }, killGraceMs);
        timer.unref();
        exit.add(() => clearTimeout(timer));
      },
    };
  }
}
