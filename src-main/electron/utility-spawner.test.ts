import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App, Details, ForkOptions, ParentPort, UtilityProcess } from 'electron';
import type { ParentPortLike } from '../../src-worker/worker/endpoint';
import { WORKER_NICE } from '../core/pool/spawner';
import type { UtilityProcessLike } from './utility-spawner';

// A typed fake of the parts of `electron` the spawner touches. `implements UtilityProcessLike`
// and the `FakeElectron` annotations make tsc check the fake against Electron's own typings.
class FakeUtilityProcess extends EventEmitter implements UtilityProcessLike {
  pid: number | undefined = undefined;
  stdout = new PassThrough() as NodeJS.ReadableStream & PassThrough;
  stderr = new PassThrough() as NodeJS.ReadableStream & PassThrough;
  posted: unknown[] = [];
  killed = 0;
  constructor(
    readonly modulePath: string,
    readonly options: ForkOptions,
  ) {
    super();
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed++;
    return true;
  }
  start(pid: number): void {
    this.pid = pid;
    this.emit('spawn');
  }
}

interface FakeElectron {
  app: Pick<App, 'on' | 'removeListener'> & EventEmitter;
  utilityProcess: { fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcessLike };
}

const fake = vi.hoisted(() => ({ forked: [] as unknown[], app: null as unknown }));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const appEmitter = new Emitter();
  fake.app = appEmitter;
  const electron: FakeElectron = {
    app: appEmitter as FakeElectron['app'],
    utilityProcess: {
      fork(modulePath, _args, options) {
        const child = new FakeUtilityProcess(modulePath, options ?? {});
        fake.forked.push(child);
        return child;
      },
    },
  };
  return electron;
});

const { UtilitySpawner } = await import('./utility-spawner');

// As electron.d.ts documents them: ForkOptions.serviceName is the process's "name" in
// child-process-gone; Details.serviceName is Chromium's non-localized service name.
function goneDetails(serviceName: string, reason: Details['reason'], exitCode: number): Details {
  return { type: 'Utility', reason, exitCode, serviceName: 'node.mojom.NodeService', name: serviceName };
}

describe('UtilitySpawner', () => {
  const logs: string[] = [];
  // Never the real os.setPriority: the fake pids may belong to real processes.
  const priorities: [number, number][] = [];
  let spawner: InstanceType<typeof UtilitySpawner>;
  beforeEach(() => {
    fake.forked.length = 0;
    logs.length = 0;
    priorities.length = 0;
    spawner = new UtilitySpawner({
      modulePath: '/app/out/main/worker.js',
      log: (level, slot, text) => logs.push(`${level}:${slot}:${text}`),
      setPriority: (pid, priority) => void priorities.push([pid, priority]),
    });
  });
  afterEach(() => spawner.dispose());
  const lastChild = () => fake.forked.at(-1) as FakeUtilityProcess;
  const app = () => fake.app as EventEmitter;

  it('forks the worker module with a unique serviceName and piped stdio', () => {
    spawner.spawn({ slot: 1 });
    spawner.spawn({ slot: 1 });
    const [a, b] = fake.forked as FakeUtilityProcess[];
    expect(a?.modulePath).toBe('/app/out/main/worker.js');
    expect(a?.options.stdio).toBe('pipe');
    expect(a?.options.serviceName).toMatch(/^kpat-worker-1-/);
    expect(a?.options.serviceName).not.toBe(b?.options.serviceName);
  });

  it('pipes stdout and stderr lines to the log once spawned', async () => {
    spawner.spawn({ slot: 2 });
    const child = lastChild();
    child.start(4242);
    child.stdout.write('hello\nwor');
    child.stdout.end('ld\n');
    child.stderr.end('oops\n');
    await new Promise((r) => setTimeout(r, 10));
    expect(logs).toEqual(expect.arrayContaining(['info:2:hello', 'info:2:world', 'warn:2:oops']));
  });

  it('lowers the priority of the worker once it has a pid', () => {
    spawner.spawn({ slot: 2 });
    expect(priorities).toEqual([]);
    lastChild().start(4242);
    expect(priorities).toEqual([[4242, WORKER_NICE]]);
  });

  it('passes messages both ways; the main side receives the data itself', () => {
    const worker = spawner.spawn({ slot: 0 });
    const child = lastChild();
    const got: unknown[] = [];
    const off = worker.subscribe((m) => got.push(m));
    worker.send({ kpat: 'rpc', data: { id: '1' } });
    child.emit('message', { kpat: 'side', msg: { type: 'ready', pid: 1 } });
    off();
    child.emit('message', { late: true });
    expect(child.posted).toEqual([{ kpat: 'rpc', data: { id: '1' } }]);
    expect(got).toEqual([{ kpat: 'side', msg: { type: 'ready', pid: 1 } }]);
  });

  it('reports one exit even when exit comes twice and child-process-gone follows', async () => {
    const worker = spawner.spawn({ slot: 3 });
    const child = lastChild();
    child.start(77);
    const exits: unknown[] = [];
    worker.onExit((e) => exits.push(e));
    app().emit('child-process-gone', {}, goneDetails(child.options.serviceName as string, 'oom', 0));
    child.emit('exit', 0);
    child.emit('exit', 0);
    expect(exits).toEqual([{ code: 0, signal: null, reason: 'oom' }]);
    expect(worker.pid).toBe(77);
    // Messages to a dead worker are dropped, not thrown.
    worker.send({ kpat: 'rpc', data: {} });
    expect(child.posted).toEqual([]);
  });

  it('ignores child-process-gone of other processes', () => {
    const worker = spawner.spawn({ slot: 4 });
    const exits: unknown[] = [];
    worker.onExit((e) => exits.push(e));
    app().emit('child-process-gone', {}, goneDetails('someone-else', 'crashed', 11));
    app().emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 1 } satisfies Details);
    expect(exits).toEqual([]);
    lastChild().emit('exit', 9);
    expect(exits).toEqual([{ code: 9, signal: null, reason: 'exit code 9' }]);
  });

  it('kill() asks the process to end, once, and not after it has exited', () => {
    const worker = spawner.spawn({ slot: 5 });
    const child = lastChild();
    worker.kill();
    expect(child.killed).toBe(1);
    child.emit('exit', 15);
    worker.kill();
    expect(child.killed).toBe(1);
  });

  it('stops watching app on dispose', () => {
    expect(app().listenerCount('child-process-gone')).toBe(1);
    spawner.dispose();
    expect(app().listenerCount('child-process-gone')).toBe(0);
    spawner = new UtilitySpawner({ modulePath: 'x', log: () => undefined, setPriority: () => undefined });
  });
});

// Compile-time check that the fake's shape is Electron's: the real fork result is assignable to it.
export type _RealForkFitsFake = UtilityProcess extends UtilityProcessLike ? true : never;

// The worker's parentPort adapter is typed structurally (src-worker may not import electron);
// this checks that Electron's real ParentPort fits it.
export const _parentPortFits = (port: ParentPort): ParentPortLike => port;
