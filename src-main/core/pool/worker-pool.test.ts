import { afterEach, describe, expect, it } from 'vitest';
import { JobAbortedError, PoolUnavailableError, WatchdogError, WorkerDiedError } from './errors';
import { FAKE_WORKER, FakeLauncher } from './testing/fake-launcher';
import { WorkerPool } from './worker-pool';
import { workerV8Flags } from './worker-tuning';

const pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(spawner: FakeLauncher, size: number): WorkerPool {
  const p = new WorkerPool({ launcher: spawner, worker: FAKE_WORKER, size, startTimeoutMs: 2000 });
  pools.push(p);
  return p;
}

const never = new Promise<never>(() => undefined);
/** A watchdog that never fires in these tests. */
const LONG = 60_000;

describe('WorkerPool', () => {
  it('spawns N workers ahead of time and runs jobs on all of them', async () => {
    const spawner = new FakeLauncher((ctx) => ({ warmUp: async () => ({ pid: ctx.pid, ms: 0 }) }));
    const p = pool(spawner, 3);
    await p.whenReady();
    expect(spawner.spawned).toHaveLength(3);
    expect(p.statuses().map((s) => s.state)).toEqual(['idle', 'idle', 'idle']);
    const pids = await Promise.all(Array.from({ length: 9 }, () => p.run({ timeoutMs: LONG, label: 'x' }, (api) => api.warmUp())));
    expect(new Set(pids.map((r) => r.pid)).size).toBeGreaterThan(1);
    expect(spawner.spawned).toHaveLength(3);
  });

  it('rejects with WorkerDiedError when the worker dies mid-job, replaces it, and keeps working', async () => {
    let calls = 0;
    const spawner = new FakeLauncher((ctx) => ({
      warmUp: async () => {
        if (calls++ === 0) {
          ctx.notify({ type: 'file', taskId: 1, relPath: 'big.txt' });
          ctx.die('oom');
          return never;
        }
        return { pid: ctx.pid, ms: 0 };
      },
    }));
    const p = pool(spawner, 1);
    const err = await p.run({ timeoutMs: LONG, label: 'a' }, (api) => api.warmUp()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerDiedError);
    expect((err as WorkerDiedError).reason).toBe('oom');
    expect((err as WorkerDiedError).relPath).toBe('big.txt');
    const ok = await p.run({ timeoutMs: LONG, label: 'b' }, (api) => api.warmUp());
    expect(ok.pid).toBe(spawner.spawned[1]?.pid);
  });

  it('watchdog kills a stuck worker and names file and search; the pool recovers', async () => {
    const spawner = new FakeLauncher((ctx) => ({
      warmUp: async () => {
        ctx.notify({ type: 'file', taskId: 7, relPath: 'slow.txt' });
        ctx.notify({ type: 'search', taskId: 7, relPath: 'slow.txt', search: 'Catastrophe', index: 3 });
        return never;
      },
      hasSearchSet: async () => true,
    }));
    const p = pool(spawner, 1);
    const err = await p.run({ label: 'slow', timeoutMs: 150 }, (api) => api.warmUp()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WatchdogError);
    expect((err as WatchdogError).relPath).toBe('slow.txt');
    expect((err as WatchdogError).search).toBe('Catastrophe');
    expect(spawner.spawned[0]?.killed).toBe(true);
    expect(await p.run({ timeoutMs: LONG, label: 'next' }, (api) => api.hasSearchSet('k'))).toBe(true);
  });

  it('warms new workers up when asked, in their first idle moment: a waiting job goes first', async () => {
    const calls: string[] = [];
    const spawner = new FakeLauncher(() => ({
      warmUp: async () => (calls.push('warm'), { pid: 1, ms: 0 }),
      hasSearchSet: async () => (calls.push('job'), true),
    }));
    const p = new WorkerPool({ launcher: spawner, worker: FAKE_WORKER, size: 1, warmUp: true });
    pools.push(p);
    await p.run({ timeoutMs: LONG, label: 'x' }, (api) => api.hasSearchSet('k'));
    await p.run({ timeoutMs: LONG, label: 'y' }, (api) => api.hasSearchSet('k'));
    expect(calls).toEqual(['job', 'warm', 'job']);
    // A worker with nothing to do warms up at once, and once.
    const idle: string[] = [];
    const q = new WorkerPool({ launcher: new FakeLauncher(() => ({ warmUp: async () => (idle.push('warm'), { pid: 1, ms: 0 }) })), worker: FAKE_WORKER, size: 1, warmUp: true });
    pools.push(q);
    await q.whenReady();
    await new Promise((r) => setTimeout(r, 20));
    expect(idle).toEqual(['warm']);
  });

  it('loads a search set once per worker process', async () => {
    const loads: string[] = [];
    const spawner = new FakeLauncher(() => ({
      loadSearchSet: async (src) => {
        loads.push(src.kind === 'specs' ? src.key : 'file');
        return { key: 'k1', searchCount: 0 };
      },
      hasSearchSet: async () => true,
    }));
    const p = pool(spawner, 1);
    const set = { kind: 'specs' as const, key: 'k1', searches: [] };
    for (let i = 0; i < 3; i++) await p.run({ timeoutMs: LONG, label: 'x', searchSet: set }, (api) => api.hasSearchSet('k1'));
    expect(loads).toEqual(['k1']);
  });

  it('withdraws queued jobs on abort; killBusy ends running ones; the pool is usable afterwards', async () => {
    let hang = true;
    const spawner = new FakeLauncher((ctx) => ({
      warmUp: async () => (hang ? never : { pid: ctx.pid, ms: 0 }),
    }));
    const p = pool(spawner, 1);
    const ac = new AbortController();
    const running = p.run({ timeoutMs: LONG, label: 'a', signal: ac.signal }, (api) => api.warmUp()).catch((e: unknown) => e);
    const queued = p.run({ timeoutMs: LONG, label: 'b', signal: ac.signal }, (api) => api.warmUp()).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    expect(await queued).toBeInstanceOf(JobAbortedError);
    expect(p.busy).toBe(1);
    p.killBusy('cancelled');
    const err = await running;
    expect(err).toBeInstanceOf(WorkerDiedError);
    expect((err as WorkerDiedError).reason).toBe('cancelled');
    hang = false;
    await expect(p.run({ timeoutMs: LONG, label: 'c' }, (api) => api.warmUp())).resolves.toMatchObject({ ms: 0 });
  });

  it('resizes: grows with new workers, shrinks by retiring idle ones', async () => {
    const spawner = new FakeLauncher((ctx) => ({ warmUp: async () => ({ pid: ctx.pid, ms: 0 }) }));
    const p = pool(spawner, 2);
    await p.whenReady();
    p.resize(4);
    await p.whenReady();
    expect(p.size).toBe(4);
    // Each process is tuned for the size it is spawned for: GC threads off once the workers fill the cores.
    expect(spawner.spawned.map((s) => s.config.v8Flags)).toEqual([...[2, 2, 4, 4].map((n) => workerV8Flags(n))]);
    p.resize(1);
    expect(p.size).toBe(1);
    expect(p.statuses()).toHaveLength(1);
    expect(() => p.resize(0)).toThrow(RangeError);
  });

  it('gives up on a slot whose worker never starts and fails waiting jobs clearly', async () => {
    const spawner = new FakeLauncher(() => ({}));
    spawner.failStart = 'exit code 1';
    const p = pool(spawner, 1);
    const err = await p.run({ timeoutMs: LONG, label: 'x' }, (api) => api.warmUp()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PoolUnavailableError);
    expect(String(err)).toMatch(/exit code 1/);
    expect(spawner.spawned).toHaveLength(3);
  });

  it('runs a job on its preferred worker; an idle worker steals only when none of its own waits', async () => {
    const spawner = new FakeLauncher((ctx) => ({ warmUp: async () => ({ pid: ctx.pid, ms: 0 }) }));
    const p = pool(spawner, 2);
    await p.whenReady();
    const [a, b] = p.slotIds() as [number, number];
    const ran: string[] = [];
    const job = (name: string, prefer: number) =>
      p.run({ timeoutMs: LONG, label: name, prefer }, async (api, worker) => {
        ran.push(`${name}@${worker.slot === a ? 'a' : 'b'}`);
        await api.warmUp();
      });
    // Queued together: each worker starts with its own job, though 'two' came before 'three'.
    await Promise.all([job('one', a), job('two', a), job('three', b)]);
    expect(ran.slice(0, 2).sort()).toEqual(['one@a', 'three@b']);
    // Alone in the queue, a job preferring a busy worker goes to the idle one.
    let release: () => void = () => undefined;
    const blocker = p.run({ timeoutMs: LONG, label: 'block', prefer: a }, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    await job('four', a);
    expect(ran.at(-1)).toBe('four@b');
    // A strict job waits for its worker.
    const five = p.run({ timeoutMs: LONG, label: 'five', prefer: a, strict: true }, async (_api, worker) => void ran.push(`five@${worker.slot === a ? 'a' : 'b'}`));
    await new Promise((r) => setTimeout(r, 30));
    expect(ran).not.toContain('five@b');
    release();
    await blocker;
    await five;
    expect(ran.at(-1)).toBe('five@a');
  });

  it('direct() reaches a given worker process beside its job, and fails once that process has ended', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const deaths: (() => void)[] = [];
    const spawner = new FakeLauncher((ctx) => {
      deaths.push(() => ctx.die('crash'));
      return {
        warmUp: async () => {
          await held;
          return { pid: ctx.pid, ms: 0 };
        },
        flushHeld: async (paths: string[]) => paths.length,
      };
    });
    const p = pool(spawner, 1);
    let worker = { slot: 0, process: 0 };
    const busy = p.run({ timeoutMs: LONG, label: 'busy' }, async (api, w) => {
      worker = w;
      return api.warmUp();
    });
    while (worker.slot === 0) await new Promise((r) => setTimeout(r, 5));
    expect(p.isAlive(worker)).toBe(true);
    // The worker is busy with its job, and still answers.
    expect(await p.direct(worker, (api) => api.flushHeld(['a', 'b']))).toBe(2);
    release();
    await busy;
    deaths[0]?.();
    while (p.isAlive(worker)) await new Promise((r) => setTimeout(r, 5));
    await p.whenReady();
    // The slot has a new process; the old handle stays dead.
    expect(p.isAlive(worker)).toBe(false);
    await expect(p.direct(worker, (api) => api.flushHeld(['a']))).rejects.toBeInstanceOf(WorkerDiedError);
    expect(await p.directToSlot(worker.slot, (api) => api.flushHeld(['a']))).toBe(1);
  });

  it('every job is under its watchdog, not only searches: a job that announces no file is named by its label', async () => {
    const spawner = new FakeLauncher(() => ({ warmUp: async () => never, hasSearchSet: async () => true }));
    const p = pool(spawner, 1);
    const err = await p.run({ label: 'export Linux', timeoutMs: 100 }, (api) => api.warmUp()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WatchdogError);
    expect(String(err)).toMatch(/no result after 0 s from "export Linux" — the worker was stopped \(not responding\)/);
    expect(spawner.spawned[0]?.killed).toBe(true);
    expect(await p.run({ timeoutMs: LONG, label: 'next' }, (api) => api.hasSearchSet('k'))).toBe(true);
  });

  it('direct() with a deadline: a process that does not answer in time is killed and the call fails', async () => {
    const spawner = new FakeLauncher(() => ({ flushHeld: async () => never, hasSearchSet: async () => true }));
    const p = pool(spawner, 1);
    await p.whenReady();
    const [slot] = p.slotIds() as [number];
    const err = await p.directToSlot(slot, (api) => api.flushHeld(['a']), { timeoutMs: 80, label: 'flush the rows of 1 file(s)' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WatchdogError);
    expect(String(err)).toMatch(/from "flush the rows of 1 file\(s\)"/);
    expect(spawner.spawned[0]?.killed).toBe(true);
    expect(await p.run({ timeoutMs: LONG, label: 'next' }, (api) => api.hasSearchSet('k'))).toBe(true);
  });
});
