// An in-process WorkerSpawner for unit tests of the pool and the dispatcher: each "process" is a
// WorkerApi implementation behind comlink on an in-memory channel, with a real-looking life
// cycle (ready note, asynchronous exit, kill). Integration tests use the real worker instead.
import { EventEmitter } from 'node:events';
import * as Comlink from 'comlink';
import type { WorkerApi } from '../../../../src-worker/worker/api';
import { rpcEndpoint, type MessageTransport } from '../../../../src-worker/worker/endpoint';
import type { SideMessage } from '../../../../src-worker/worker/protocol';
import { ExitOnce, type SpawnOptions, type WorkerProcess, type WorkerSpawner } from '../spawner';

export interface FakeWorkerContext {
  pid: number;
  notify(msg: SideMessage): void;
  /** Simulates the process dying (crash / OOM). */
  die(reason?: string): void;
}

let nextPid = 10_000;

export class FakeSpawner implements WorkerSpawner {
  readonly modulePath = 'fake-worker';
  readonly spawned: { pid: number; proc: WorkerProcess; killed: boolean; opts: SpawnOptions }[] = [];
  /** When set, spawned processes exit at once with this reason (start failure). */
  failStart: string | null = null;

  constructor(private readonly makeApi: (ctx: FakeWorkerContext) => Partial<WorkerApi>) {}

  spawn(opts: SpawnOptions): WorkerProcess {
    const pid = nextPid++;
    const toChild = new EventEmitter();
    const toParent = new EventEmitter();
    const exit = new ExitOnce();
    const entry = { pid, proc: null as unknown as WorkerProcess, killed: false, opts };
    const child: MessageTransport = {
      send: (m) => {
        if (!exit.exited) setImmediate(() => !exit.exited && toParent.emit('m', structuredClone(m)));
      },
      subscribe(l) {
        toChild.on('m', l);
        return () => void toChild.off('m', l);
      },
    };
    const die = (reason = 'crashed'): void => {
      setImmediate(() => exit.fire({ code: null, signal: 'SIGKILL', reason }));
    };
    const ctx: FakeWorkerContext = { pid, notify: (msg) => child.send({ kpat: 'side', msg }), die };
    const proc: WorkerProcess = {
      pid,
      send: (m) => {
        if (!exit.exited) setImmediate(() => !exit.exited && toChild.emit('m', structuredClone(m)));
      },
      subscribe(l) {
        toParent.on('m', l);
        return () => void toParent.off('m', l);
      },
      onExit: (l) => exit.add(l),
      kill: () => {
        entry.killed = true;
        die('killed by SIGKILL');
      },
    };
    entry.proc = proc;
    this.spawned.push(entry);
    if (this.failStart) {
      die(this.failStart);
      return proc;
    }
    Comlink.expose(this.makeApi(ctx), rpcEndpoint(child));
    ctx.notify({ type: 'ready', pid });
    return proc;
  }
}
