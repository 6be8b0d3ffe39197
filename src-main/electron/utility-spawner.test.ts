import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App, Details, ForkOptions, ParentPort, UtilityProcess } from 'electron';
import type { ParentPortLike } from '../../src-worker/worker/endpoint';
import { WORKER_NICE } from '../core/pool/worker-tuning';
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

// As electron.d.ts documents them: ForkOptions.serviceName is the process's "name" in
// child-process-gone; Details.serviceName is Chromium's non-localized service name.
function goneDetails(serviceName: string, reason: Details['reason'], exitCode: number): Details {
  return { type: 'Utility', reason, exitCode, serviceName: 'node.mojom.NodeService', name: serviceName };
}

const { UtilityLauncher, jsFlagsSwitch } = await import('./utility-spawner');
const { WorkerHost } = await import('../core/pool/worker-host');

describe('UtilityLauncher under a WorkerHost', () => {
  const logs: string[] = [];
  // Never the real os.setPriority or process.kill: the fake pids may belong to real processes.
  const priorities: [number, number][] = [];
  const signals: [number, string][] = [];
  let launcher: InstanceType<typeof UtilityLauncher>;
  const host = (slot = 1, platform: NodeJS.Platform = 'linux') => {
    launcher.dispose();
    launcher = new UtilityLauncher({ killPid: (pid, signal) => void signals.push([pid, signal]), platform });
    return new WorkerHost({
      launcher,
      modulePath: '/app/out/main/worker.js',
      slot,
      v8Flags: ['--max-semi-space-size=32', '--single-threaded-gc'],
      env: { KPAT_CODE_CACHE_DIR: '/cache' },
      log: (level, text) => logs.push(`${level}:${text}`),
      startTimeoutMs: 60_000,
      setPriority: (pid, priority) => void priorities.push([pid, priority]),
    });
  };
  beforeEach(() => {
    fake.forked.length = 0;
    logs.length = 0;
    priorities.length = 0;
    signals.length = 0;
    launcher = new UtilityLauncher();
  });
  afterEach(() => launcher.dispose());
  const lastChild = () => fake.forked.at(-1) as FakeUtilityProcess;
  const app = () => fake.app as EventEmitter;

  it('forks the worker module with a unique serviceName, piped stdio, its env, and the V8 flags as one --js-flags switch', () => {
    host(1);
    host(1);
    const [a, b] = fake.forked as FakeUtilityProcess[];
    expect(a?.modulePath).toBe('/app/out/main/worker.js');
    expect(a?.options.stdio).toBe('pipe');
    expect(a?.options.serviceName).toMatch(/^kpat-worker-1-/);
    expect(a?.options.serviceName).not.toBe(b?.options.serviceName);
    expect(a?.options.execArgv).toEqual(['--js-flags=--max-semi-space-size=32 --single-threaded-gc']);
    expect(a?.options.env).toEqual({ KPAT_CODE_CACHE_DIR: '/cache', KPAT_PARENT_PID: String(process.pid) });
    expect(jsFlagsSwitch([])).toEqual([]);
  });

  it('pipes stdout and stderr lines to the log once spawned', async () => {
    host(2);
    const child = lastChild();
    child.start(4242);
    child.stdout.write('hello\nwor');
    child.stdout.end('ld\n');
    child.stderr.end('oops\n');
    await new Promise((r) => setTimeout(r, 10));
    expect(logs).toEqual(expect.arrayContaining(['info:hello', 'info:world', 'warn:oops']));
  });

  it('lowers the priority of the worker once it has a pid', () => {
    const h = host(2);
    expect(priorities).toEqual([]);
    lastChild().start(4242);
    expect(priorities).toEqual([[4242, WORKER_NICE]]);
    expect(h.pid).toBe(4242);
  });

  it('passes messages both ways; the main side receives the data itself', async () => {
    const h = host(0);
    const child = lastChild();
    child.start(5);
    child.emit('message', { kpat: 'side', msg: { type: 'ready', pid: 5 } });
    expect(h.state.kind).toBe('ready');
    const answer = h.call((api) => api.hasSearchSet('k'));
    const request = child.posted[0] as { kpat: 'rpc'; data: { id: string } };
    expect(request.kpat).toBe('rpc');
    child.emit('message', { kpat: 'rpc', data: { id: request.data.id, type: 'RAW', value: true } });
    await expect(answer).resolves.toBe(true);
  });

  it('reports one exit even when exit comes twice and child-process-gone came first, matched by details.name', async () => {
    const h = host(3);
    const child = lastChild();
    child.start(77);
    app().emit('child-process-gone', {}, goneDetails(child.options.serviceName as string, 'oom', 0));
    child.emit('exit', 0);
    child.emit('exit', 0);
    const ended = await h.whenExited();
    expect(ended.exit).toEqual({ code: 0, signal: null, reason: 'oom' });
    expect(h.pid).toBe(77);
    // Messages to a dead worker are dropped, not thrown.
    const before = child.posted.length;
    h.remote.hasSearchSet('k').catch(() => undefined);
    expect(child.posted.length).toBe(before);
  });

  it('ignores child-process-gone of other processes, and of other process types', async () => {
    const h = host(4);
    const child = lastChild();
    child.start(78);
    app().emit('child-process-gone', {}, goneDetails('someone-else', 'crashed', 11));
    // Chromium's service name is the same for every utility process: it names none of ours.
    app().emit('child-process-gone', {}, { type: 'Utility', reason: 'crashed', exitCode: 11, serviceName: child.options.serviceName as string } satisfies Details);
    app().emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 1 } satisfies Details);
    expect(h.state.kind).toBe('starting');
    child.emit('exit', 9);
    expect((await h.whenExited()).exit).toEqual({ code: 9, signal: null, reason: 'exit code 9' });
  });

  it('kill() is SIGKILL by pid on POSIX (SIGTERM does not reach a stopped process), after spawn if need be', async () => {
    const h = host(5);
    const child = lastChild();
    h.kill(new Error('watchdog'));
    expect(signals).toEqual([]);
    child.start(99);
    expect(signals).toEqual([[99, 'SIGKILL']]);
    expect(child.killed).toBe(0);
    child.emit('exit', 9);
    expect((await h.whenExited()).cause?.message).toBe('watchdog');
  });

  it('kill() is utilityProcess.kill() on Windows (TerminateProcess)', () => {
    const h = host(6, 'win32');
    const child = lastChild();
    child.start(100);
    h.kill(new Error('stop'));
    expect(signals).toEqual([]);
    expect(child.killed).toBe(1);
  });

  it('stops watching app on dispose', () => {
    expect(app().listenerCount('child-process-gone')).toBe(1);
    launcher.dispose();
    expect(app().listenerCount('child-process-gone')).toBe(0);
    launcher = new UtilityLauncher();
  });
});

// Compile-time check that the fake's shape is Electron's: the real fork result is assignable to it.
export type _RealForkFitsFake = UtilityProcess extends UtilityProcessLike ? true : never;

// The worker's parentPort adapter is typed structurally (src-worker may not import electron);
// this checks that Electron's real ParentPort fits it.
export const _parentPortFits = (port: ParentPort): ParentPortLike => port;
