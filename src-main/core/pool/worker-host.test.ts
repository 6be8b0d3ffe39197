import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../../src-worker/worker/protocol';
import { WorkerEndedError, WorkerHost, type ChildConfig, type ChildEvents, type ChildLauncher, type WorkerHostOptions } from './worker-host';
import { WORKER_NICE } from './worker-tuning';

// A transport driven by hand: each test says exactly what the "process" does and when.
interface ManualChild {
  config: ChildConfig;
  events: ChildEvents;
  sent: Envelope[];
  kills: number;
}

function manual(fail?: string) {
  const children: ManualChild[] = [];
  const launcher: ChildLauncher = {
    kind: 'node',
    launch(config, events) {
      if (fail) throw new Error(fail);
      const child: ManualChild = { config, events, sent: [], kills: 0 };
      children.push(child);
      return { send: (m) => void child.sent.push(m), kill: () => void child.kills++ };
    },
  };
  return { launcher, children, child: () => children.at(-1) as ManualChild };
}

const ready = (c: ManualChild, pid = 321): void => c.events.message({ kpat: 'side', msg: { type: 'ready', pid } });
const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('WorkerHost', () => {
  const logs: string[] = [];
  const priorities: [number, number][] = [];
  afterEach(() => {
    logs.length = 0;
    priorities.length = 0;
    vi.useRealTimers();
  });
  function host(launcher: ChildLauncher, over: Partial<WorkerHostOptions> = {}) {
    const seen = { ready: 0, exits: [] as unknown[], side: [] as unknown[] };
    const h = new WorkerHost({
      launcher,
      modulePath: '/w.js',
      slot: 2,
      v8Flags: ['--max-semi-space-size=32'],
      execArgv: ['--inspect=0'],
      env: { A: '1' },
      log: (level, text) => logs.push(`${level}:${text}`),
      startTimeoutMs: 10_000,
      setPriority: (pid, p) => void priorities.push([pid, p]),
      onReady: () => void seen.ready++,
      onExit: (ended) => void seen.exits.push(ended),
      onSide: (msg) => void seen.side.push(msg),
      ...over,
    });
    return { h, seen };
  }

  it('starts the child with its configuration: module, V8 flags, Node options, env with the parent pid, a unique service name', () => {
    const t = manual();
    const a = host(t.launcher).h;
    const b = host(t.launcher).h;
    expect(t.children[0]?.config).toEqual({
      modulePath: '/w.js',
      serviceName: a.serviceName,
      v8Flags: ['--max-semi-space-size=32'],
      execArgv: ['--inspect=0'],
      env: { A: '1', KPAT_PARENT_PID: String(process.pid) },
    });
    expect(a.serviceName).toMatch(/^kpat-worker-2-\d+-\d+$/);
    expect(b.serviceName).not.toBe(a.serviceName);
    expect(a.state).toEqual({ kind: 'starting' });
  });

  it('starting → ready on the ready note: priority lowered once it has a pid, stdio to the log, onReady once', async () => {
    const t = manual();
    const { h, seen } = host(t.launcher);
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    t.child().events.spawned(321, out, null);
    expect(priorities).toEqual([[321, WORKER_NICE]]);
    out.end('line one\nline two\n');
    await flush();
    expect(logs).toEqual(expect.arrayContaining(['info:line one', 'info:line two']));
    expect(h.state.kind).toBe('starting');
    ready(t.child());
    ready(t.child());
    expect(h.state).toEqual({ kind: 'ready' });
    expect(h.isReady).toBe(true);
    expect(seen.ready).toBe(1);
    expect(h.pid).toBe(321);
  });

  it('starting → exited when it dies before it is ready: not ready, no cause of ours; calls are refused', async () => {
    const t = manual();
    const { h, seen } = host(t.launcher);
    await expect(h.call((api) => api.hasSearchSet('k'))).rejects.toThrow(/starting, not ready/);
    t.child().events.exited({ code: 1, signal: null, reason: 'exit code 1' });
    expect(h.state).toEqual({ kind: 'exited', ended: { exit: { code: 1, signal: null, reason: 'exit code 1' }, cause: null, wasReady: false } });
    expect(seen.exits).toHaveLength(1);
    await expect(h.call((api) => api.hasSearchSet('k'))).rejects.toBeInstanceOf(WorkerEndedError);
  });

  it('starting → stopping → exited when it does not say ready in time: killed, with that cause', async () => {
    vi.useFakeTimers();
    const t = manual();
    const { h } = host(t.launcher, { startTimeoutMs: 500 });
    vi.advanceTimersByTime(499);
    expect(t.child().kills).toBe(0);
    vi.advanceTimersByTime(1);
    expect(t.child().kills).toBe(1);
    expect(h.state).toMatchObject({ kind: 'stopping', wasReady: false, cause: { message: 'did not start within 1 s' } });
    t.child().events.exited({ code: null, signal: 'SIGKILL', reason: 'killed by SIGKILL' });
    const ended = await h.whenExited();
    expect(ended.cause?.message).toBe('did not start within 1 s');
    expect(ended.wasReady).toBe(false);
  });

  it('a transport that refuses to start: exited, after the constructor returned, with the reason', async () => {
    const t = manual('utilityProcess cannot be created before app is ready');
    const { h, seen } = host(t.launcher);
    expect(h.state.kind).toBe('starting');
    expect(seen.exits).toHaveLength(0);
    const ended = await h.whenExited();
    expect(ended.exit.reason).toBe('could not start: utilityProcess cannot be created before app is ready');
    expect(seen.exits).toHaveLength(1);
  });

  it('ready → exited by itself (crash): one end however many notes come, pending calls fail with it, messages dropped', async () => {
    const t = manual();
    const { h, seen } = host(t.launcher);
    ready(t.child());
    const pending = h.call((api) => api.hasSearchSet('k'));
    expect(t.child().sent).toHaveLength(1);
    t.child().events.exited({ code: 0, signal: null, reason: 'oom' });
    t.child().events.exited({ code: 0, signal: null, reason: 'exit code 0' });
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerEndedError);
    expect((err as WorkerEndedError).ended).toEqual({ exit: { code: 0, signal: null, reason: 'oom' }, cause: null, wasReady: true });
    expect(seen.exits).toHaveLength(1);
    // After the end: nothing is sent, late messages are not delivered.
    h.remote.hasSearchSet('k').catch(() => undefined);
    expect(t.child().sent).toHaveLength(1);
    t.child().events.message({ kpat: 'side', msg: { type: 'log', level: 'info', text: 'late' } });
    expect(seen.side).toEqual([]);
    // kill and shutdown of an ended host do nothing.
    h.kill(new Error('late'));
    await h.shutdown(10);
    expect(t.child().kills).toBe(0);
  });

  it('ready → stopping → exited by kill(cause): SIGKILL asked once, the first cause is what the end reports', async () => {
    const t = manual();
    const { h } = host(t.launcher);
    ready(t.child());
    const pending = h.call(() => new Promise<never>(() => undefined));
    h.kill(new Error('watchdog'));
    h.kill(new Error('force stop'));
    expect(h.state).toMatchObject({ kind: 'stopping', wasReady: true, cause: { message: 'watchdog' } });
    expect(t.child().kills).toBe(2);
    // A ready note now changes nothing.
    ready(t.child());
    expect(h.state.kind).toBe('stopping');
    t.child().events.exited({ code: null, signal: 'SIGKILL', reason: 'killed by SIGKILL' });
    const err = (await pending.catch((e: unknown) => e)) as WorkerEndedError;
    expect(err.message).toBe('watchdog');
    expect(err.ended.wasReady).toBe(true);
  });

  it('ready → stopping → exited by shutdown(deadline): the worker is asked to end, and ends in time: no kill', async () => {
    vi.useFakeTimers();
    const t = manual();
    const { h } = host(t.launcher);
    ready(t.child());
    const done = h.shutdown(1000);
    expect(t.child().sent).toEqual([{ kpat: 'control', command: 'shutdown' }]);
    expect(h.state).toMatchObject({ kind: 'stopping', cause: { message: 'shut down' } });
    vi.advanceTimersByTime(500);
    t.child().events.exited({ code: 0, signal: null, reason: 'exit code 0' });
    vi.advanceTimersByTime(1000);
    expect(t.child().kills).toBe(0);
    expect((await done).exit.code).toBe(0);
  });

  it('shutdown(deadline) kills a worker that does not end in time', async () => {
    vi.useFakeTimers();
    const t = manual();
    const { h } = host(t.launcher);
    ready(t.child());
    const done = h.shutdown(1000, new Error('the worker pool was closed'));
    vi.advanceTimersByTime(999);
    expect(t.child().kills).toBe(0);
    vi.advanceTimersByTime(1);
    expect(t.child().kills).toBe(1);
    t.child().events.exited({ code: null, signal: 'SIGKILL', reason: 'killed by SIGKILL' });
    expect((await done).cause?.message).toBe('the worker pool was closed');
  });

  it('forwards side notes and logs the worker log lines; answers calls while ready', async () => {
    const t = manual();
    const { h, seen } = host(t.launcher);
    ready(t.child());
    t.child().events.message({ kpat: 'side', msg: { type: 'file', taskId: 1, relPath: 'a.txt' } });
    t.child().events.message({ kpat: 'side', msg: { type: 'log', level: 'warn', text: 'careful' } });
    expect(seen.side).toEqual([
      { type: 'file', taskId: 1, relPath: 'a.txt' },
      { type: 'log', level: 'warn', text: 'careful' },
    ]);
    expect(logs).toContain('warn:careful');
    const answer = h.call((api) => api.hasSearchSet('k'));
    const request = t.child().sent[0] as Extract<Envelope, { kpat: 'rpc' }>;
    t.child().events.message({ kpat: 'rpc', data: { id: (request.data as { id: string }).id, type: 'RAW', value: true } });
    await expect(answer).resolves.toBe(true);
  });
});
