// Workers as Node child processes (CLI, tests, browser host), talking over the IPC channel
// with structured-clone ('advanced') serialization, like utilityProcess messages.
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, setPriority } from 'node:os';
import { ExitOnce, lowerWorkerPriority, pipeLines, type SetPriority, type SpawnOptions, type WorkerLog, type WorkerProcess, type WorkerSpawner } from './spawner';

/**
 * V8 flags of every worker. A young generation that may grow to 32 MiB (default 16) lets more of
 * the short-lived strings and row arrays of a search or an export die young (GC per worker
 * 0.9 -> 0.6 s in profiles of 120 systems); it starts small, because a young generation that starts
 * large cost the 6-file run ~0.15 s. Measured end to end the gain is small: 120 systems at -p 2,
 * 9.39 -> 9.24 s and 8.69 -> 8.49 s (alternating runs), 6 files 2.32 -> 2.29 s.
 */
/**
 * `--interrupt-budget` 4× V8's default: a function is optimised by TurboFan only after running four
 * times as long. A cold run spends much of its CPU optimising code that runs briefly (the exporter's
 * per-sheet paths, one-off setup); the search loops are hot enough to be optimised anyway. 6 files:
 * CPU of all processes 4.1-4.2 s -> 3.5-3.9 s (3 alternating runs each); 120 systems unchanged.
 */
export const WORKER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=32', '--min-semi-space-size=1', '--interrupt-budget=270336'];

/**
 * The V8 flags of a worker in a pool of `poolSize` on a machine with `cores` cores. When the workers
 * alone fill the cores, V8's parallel and concurrent GC threads only take time from the other
 * workers, and cost synchronisation on top: such workers collect garbage on their own thread.
 * 120 systems, -p 2 on 2 cores, alternating runs: 8.45 -> 8.16 s (8 runs each), 7.95 -> 7.07 s
 * (5) and 7.82 -> 7.62 s (3); CPU 15.2 -> 15.0, 14.6 -> 12.8, 14.5 -> 13.9 s. A lone worker keeps
 * them (-p 1 with them off: 12.49 -> 13.35 s): there they run on a core that is otherwise idle.
 */
export function workerExecArgv(poolSize: number, cores: number = availableParallelism()): string[] {
  return [...WORKER_EXEC_ARGV, ...(poolSize >= cores ? ['--single-threaded-gc'] : [])];
}

export interface NodeSpawnerOptions {
  modulePath: string;
  log: WorkerLog;
  env?: NodeJS.ProcessEnv;
  /** Added after workerExecArgv's flags (a later flag wins). */
  execArgv?: string[];
  /** os.setPriority unless given (tests). */
  setPriority?: SetPriority;
}

export class NodeSpawner implements WorkerSpawner {
  readonly modulePath: string;

  constructor(private readonly opts: NodeSpawnerOptions) {
    this.modulePath = opts.modulePath;
  }

  spawn({ slot, poolSize = 1 }: SpawnOptions): WorkerProcess {
    const child: ChildProcess = fork(this.modulePath, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: this.opts.env ?? process.env,
      execArgv: [...workerExecArgv(poolSize), ...(this.opts.execArgv ?? [])],
    });
    lowerWorkerPriority(child.pid, this.opts.setPriority ?? setPriority);
    const exit = new ExitOnce();
    pipeLines(child.stdout, (line) => this.opts.log('info', slot, line));
    pipeLines(child.stderr, (line) => this.opts.log('warn', slot, line));
    child.on('exit', (code, signal) =>
      exit.fire({ code, signal, reason: signal ? `killed by ${signal}` : `exit code ${code ?? '?'}` }),
    );
    child.on('error', (err) => {
      this.opts.log('error', slot, `worker process error: ${err.message}`);
      // A failed spawn never emits 'exit'.
      if (child.pid === undefined) exit.fire({ code: null, signal: null, reason: `could not start: ${err.message}` });
    });
    return {
      get pid() {
        return child.pid ?? null;
      },
      send(message) {
        // A message to a dying worker is dropped; the pool learns of the death from onExit.
        if (exit.exited || !child.connected) return;
        child.send(message, () => undefined);
      },
      subscribe(listener) {
        const onMessage = (message: unknown): void => listener(message);
        child.on('message', onMessage);
        return () => void child.off('message', onMessage);
      },
      onExit: (listener) => exit.add(listener),
      kill() {
        if (!exit.exited) child.kill('SIGKILL');
      },
      shutdown() {
        // The worker exits when its IPC channel closes.
        if (!exit.exited && child.connected) child.disconnect();
      },
    };
  }
}
