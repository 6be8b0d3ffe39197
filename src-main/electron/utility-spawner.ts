// The Electron transport below WorkerHost (the desktop app): utilityProcess.fork, the child
// talking through process.parentPort. Facts that shape this file (GUIDE §2, electron.d.ts):
// - exit codes and `exit` events are unreliable (a crash can be reported as 0, `exit` can come
//   twice): both go to the host, which keeps the first; `app`'s `child-process-gone` is watched
//   as well, matched to our process by `details.name`, which carries ForkOptions.serviceName
//   (`details.serviceName` is Chromium's own service name, the same for every utility process).
// - `pid` is undefined until `spawn` and again after `exit`; stdout/stderr exist from `spawn` on.
// - `execArgv` become extra switches on the utility process's command line, and the process reads
//   V8 flags from its `--js-flags` switch before it creates its isolate (Electron's
//   JavascriptEnvironment::Initialize): so the workers' V8 flags travel as one --js-flags switch.
// - `kill()` is SIGTERM on POSIX, which a stopped process never acts on: the host's kill is SIGKILL
//   by pid; Windows' kill() is TerminateProcess already.
import { app, utilityProcess, type Details, type UtilityProcess } from 'electron';
import type { ChildLauncher, ChildEvents, ChildHandle, ChildConfig, WorkerExit } from '../core/pool/worker-host';

/** The members of Electron's UtilityProcess this transport uses (the unit test's fake implements exactly these). */
export type UtilityProcessLike = Pick<UtilityProcess, 'pid' | 'stdout' | 'stderr' | 'postMessage' | 'kill' | 'on'>;

/** V8 flags as the utility process takes them: one `--js-flags` switch (none when there are none). */
export function jsFlagsSwitch(v8Flags: readonly string[]): string[] {
  return v8Flags.length ? [`--js-flags=${v8Flags.join(' ')}`] : [];
}

export interface UtilityLauncherOptions {
  /** process.kill unless given (tests: the fake pids may belong to real processes). */
  killPid?: (pid: number, signal: NodeJS.Signals) => void;
  platform?: NodeJS.Platform;
}

export class UtilityLauncher implements ChildLauncher {
  readonly kind = 'utility';
  private readonly live = new Map<string, (exit: WorkerExit) => void>();
  private readonly onGone = (_event: unknown, details: Details): void => {
    if (details.type !== 'Utility' || !details.name) return;
    this.live.get(details.name)?.({ code: details.exitCode, signal: null, reason: details.reason });
  };

  constructor(private readonly opts: UtilityLauncherOptions = {}) {
    app.on('child-process-gone', this.onGone);
  }

  /** Stops watching `app`; workers already started are not touched. */
  dispose(): void {
    app.removeListener('child-process-gone', this.onGone);
  }

  launch(config: ChildConfig, events: ChildEvents): ChildHandle {
    const { serviceName } = config;
    const child: UtilityProcessLike = utilityProcess.fork(config.modulePath, [], {
      serviceName,
      stdio: 'pipe',
      env: config.env,
      execArgv: [...jsFlagsSwitch(config.v8Flags), ...config.execArgv],
    });
    // pid becomes undefined after exit: keep it for kill() and the host's status.
    let pid: number | null = child.pid ?? null;
    let killAsked = false;
    const exited = (exit: WorkerExit): void => {
      this.live.delete(serviceName);
      events.exited(exit);
    };
    this.live.set(serviceName, exited);
    const hardKill = (): void => {
      if ((this.opts.platform ?? process.platform) !== 'win32' && pid !== null) {
        try {
          (this.opts.killPid ?? process.kill)(pid, 'SIGKILL');
          return;
        } catch {
          // Gone already, or not ours to signal: let Electron try.
        }
      }
      child.kill();
    };
    child.on('spawn', () => {
      pid = child.pid ?? pid;
      events.spawned(pid, child.stdout, child.stderr);
      if (killAsked) hardKill();
    });
    // Main side: `message` carries the data itself (no MessageEvent wrapper).
    child.on('message', (data: unknown) => events.message(data));
    child.on('exit', (code) => exited({ code, signal: null, reason: `exit code ${code}` }));
    child.on('error', (type, location) => events.problem(`${type} at ${location}`));
    return {
      send: (message) => child.postMessage(message),
      kill() {
        // Before `spawn` there is no pid to signal: kill as soon as there is one.
        if (pid === null) killAsked = true;
        else hardKill();
      },
    };
  }
}
