// An in-process transport (ChildLauncher) for unit tests of the pool, the host and the dispatcher:
// each "process" is a WorkerApi implementation behind comlink on an in-memory channel, with a
// real-looking life cycle (ready note, asynchronous exit, kill, shutdown on the control message).
// Integration tests use the real worker instead.
import { EventEmitter } from 'node:events';
import * as Comlink from 'comlink';
import type { WorkerApi } from '../../../../src-worker/worker/api';
import { rpcEndpoint, type MessageTransport } from '../../../../src-worker/worker/endpoint';
import { isEnvelope, type SideMessage } from '../../../../src-worker/worker/protocol';
import type { ChildConfig, ChildEvents, ChildHandle, ChildLauncher } from '../worker-host';

export interface FakeWorkerContext {
  pid: number;
  notify(msg: SideMessage): void;
  /** Simulates the process dying (crash / OOM). */
  die(reason?: string): void;
}

export interface FakeChild {
  pid: number;
  config: ChildConfig;
  killed: boolean;
  /** The control message asking it to end arrived. */
  shutdownAsked: boolean;
}

/** The worker setup of a pool on fake processes (the module path is only a name here). */
export const FAKE_WORKER = { modulePath: 'fake-worker' };

let nextPid = 10_000;

export class FakeLauncher implements ChildLauncher {
  readonly kind = 'node';
  readonly spawned: FakeChild[] = [];
  /** When set, started processes exit at once with this reason (start failure). */
  failStart: string | null = null;
  /** When set, processes ignore the shutdown message (a worker stuck in a long task). */
  ignoreShutdown = false;

  constructor(private readonly makeApi: (ctx: FakeWorkerContext) => Partial<WorkerApi>) {}

  launch(config: ChildConfig, events: ChildEvents): ChildHandle {
    const pid = nextPid++;
    const toChild = new EventEmitter();
    let gone = false;
    const entry: FakeChild = { pid, config, killed: false, shutdownAsked: false };
    const die = (reason = 'crashed'): void => {
      setImmediate(() => {
        gone = true;
        events.exited({ code: null, signal: 'SIGKILL', reason });
      });
    };
    const child: MessageTransport = {
      send: (m) => {
        const copy = structuredClone(m);
        if (!gone) setImmediate(() => !gone && events.message(copy));
      },
      subscribe(l) {
        toChild.on('m', l);
        return () => void toChild.off('m', l);
      },
    };
    const ctx: FakeWorkerContext = { pid, notify: (msg) => child.send({ kpat: 'side', msg }), die };
    this.spawned.push(entry);
    events.spawned(pid, null, null);
    if (this.failStart) {
      die(this.failStart);
    } else {
      toChild.on('m', (m: unknown) => {
        if (isEnvelope(m) && m.kpat === 'control' && m.command === 'shutdown') {
          entry.shutdownAsked = true;
          if (!this.ignoreShutdown) die('exit code 0');
        }
      });
      Comlink.expose(this.makeApi(ctx), rpcEndpoint(child));
      ctx.notify({ type: 'ready', pid });
    }
    return {
      send: (m) => {
        const copy = structuredClone(m);
        if (!gone) setImmediate(() => !gone && toChild.emit('m', copy));
      },
      kill: () => {
        if (gone || entry.killed) return;
        entry.killed = true;
        die('killed by SIGKILL');
      },
    };
  }
}
