import { afterEach, describe, expect, it } from 'vitest';
import type { SearchTask, SearchTaskResult } from '../../../src-worker/worker/api';
import type { SystemInfo } from '../../../src-worker/engine/types';
import { makeSpec } from '../../../src-worker/engine/testing/spec';
import { planSearchTasks } from './plan';
import { dispatchSearches, type FileSearchOutcome } from './search-dispatch';
import { FAKE_WORKER, FakeLauncher, type FakeWorkerContext } from './testing/fake-launcher';
import { WorkerPool } from './worker-pool';

const pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const file = (relPath: string, sizeBytes = 1000) => ({ relPath, filePath: `/in/${relPath}`, sizeBytes });
const set = {
  kind: 'specs' as const,
  key: 'k',
  searches: [makeSpec({ index: 0, name: 'Fine', jsRegex: '^a' }), makeSpec({ index: 1, name: 'Runaway', jsRegex: '^(a+)+$' })],
};

/**
 * A fake worker: files named crash-always* kill it, crash-once* kill it on the first try, hang*
 * never return; on runaway* search 1 ("Runaway") never returns (announced in diagnostic mode).
 */
function fakeSearcher(seen: Map<string, number>, tasksSeen: SearchTask[] = []) {
  return (ctx: FakeWorkerContext) => ({
    loadSearchSet: async () => ({ key: 'k', searchCount: 2 }),
    searchFiles: async (tasks: SearchTask[]): Promise<SearchTaskResult[]> => {
      const out: SearchTaskResult[] = [];
      for (const t of tasks) {
        tasksSeen.push(t);
        ctx.notify({ type: 'file', taskId: t.taskId, relPath: t.file.relPath });
        const n = (seen.get(t.file.relPath) ?? 0) + 1;
        seen.set(t.file.relPath, n);
        if (t.file.relPath.startsWith('crash-always') || (t.file.relPath.startsWith('crash-once') && n === 1)) {
          ctx.die('killed by SIGKILL');
          return new Promise<never>(() => undefined);
        }
        if (t.file.relPath.startsWith('hang')) return new Promise<never>(() => undefined);
        if (t.file.relPath.startsWith('runaway') && (t.only ?? [0, 1]).includes(1)) {
          if (t.diagnose) {
            ctx.notify({ type: 'search', taskId: t.taskId, relPath: t.file.relPath, search: 'Fine', index: 0 });
            ctx.notify({ type: 'search', taskId: t.taskId, relPath: t.file.relPath, search: 'Runaway', index: 1 });
          }
          return new Promise<never>(() => undefined);
        }
        const rowCounts: Record<number, number> = {};
        for (const i of t.only ?? [0, 1]) rowCounts[i] = i + 1;
        out.push({ ok: true, taskId: t.taskId, relPath: t.file.relPath, system: { systemName: t.file.relPath } as SystemInfo, rowCounts, checks: [], linesRead: 1, bytesRead: 1, spillPath: t.spillPath, held: false });
      }
      return out;
    },
  });
}

async function run(files: ReturnType<typeof file>[], workers: number, seen = new Map<string, number>(), tasksSeen: SearchTask[] = [], timeoutMs = 5000) {
  const pool = new WorkerPool({ launcher: new FakeLauncher(fakeSearcher(seen, tasksSeen)), worker: FAKE_WORKER, size: workers });
  pools.push(pool);
  const retries: string[] = [];
  const outcomes = await dispatchSearches({
    pool,
    tasks: planSearchTasks(files, { workers, searchIndexes: [0, 1] }),
    searchSet: set,
    spillDir: '/tmp/spill',
    perFileTimeoutMs: timeoutMs,
    onRetry: (rel) => retries.push(rel),
  });
  const byPath = Object.fromEntries(outcomes.map((o) => [o.file.relPath, o])) as Record<string, FileSearchOutcome>;
  return { byPath, retries, pool };
}

describe('dispatchSearches', () => {
  it('searches every file once when nothing goes wrong', async () => {
    const seen = new Map<string, number>();
    const { byPath, retries } = await run([file('a'), file('b'), file('c', 500_000)], 2, seen);
    expect(Object.keys(byPath).sort()).toEqual(['a', 'b', 'c']);
    expect([...seen.values()]).toEqual([1, 1, 1]);
    expect(retries).toEqual([]);
    expect(byPath.a).toMatchObject({ kind: 'searched', rowCounts: { 0: 1, 1: 2 } });
  });

  it('retries a file whose worker died once; a file that kills it twice is failed and the run goes on', async () => {
    const seen = new Map<string, number>();
    const { byPath, retries, pool } = await run([file('crash-once.txt', 400_000), file('crash-always.txt', 300_000), file('ok.txt', 200_000)], 2, seen);
    expect(byPath['crash-once.txt']?.kind).toBe('searched');
    expect(byPath['ok.txt']?.kind).toBe('searched');
    // Named once: the reason beside the file's name does not name it again.
    expect(byPath['crash-always.txt']).toMatchObject({ kind: 'failed', reason: 'its worker died (killed by SIGKILL); tried twice' });
    expect(seen.get('crash-always.txt')).toBe(2);
    expect(retries.sort()).toEqual(['crash-always.txt', 'crash-once.txt']);
    expect(pool.statuses().every((s) => s.state === 'idle' || s.state === 'starting' || s.state === 'restarting')).toBe(true);
  });

  it('in a batch, only the file the worker was on is blamed; the others are re-run', async () => {
    const seen = new Map<string, number>();
    const { byPath } = await run([file('a.txt', 10), file('crash-always.txt', 10), file('z.txt', 10)], 1, seen);
    expect(byPath['a.txt']?.kind).toBe('searched');
    expect(byPath['z.txt']?.kind).toBe('searched');
    expect(byPath['crash-always.txt']?.kind).toBe('failed');
  });

  it('merges the parts of a split file, and retries after a watchdog in diagnostic mode', async () => {
    const tasksSeen: SearchTask[] = [];
    const { byPath } = await run([file('one.txt')], 2, new Map(), tasksSeen);
    expect(byPath['one.txt']).toMatchObject({ kind: 'searched', rowCounts: { 0: 1, 1: 2 } });
    expect(tasksSeen.map((t) => t.only)).toEqual([[0], [1]]);

    const hung: SearchTask[] = [];
    const r = await run([file('hang.txt')], 1, new Map(), hung, 100);
    expect(r.byPath['hang.txt']).toMatchObject({ kind: 'failed', reason: 'no result after 0 s: the worker was stopped (a runaway regex?); tried twice' });
    expect(hung.map((t) => t.diagnose)).toEqual([false, true]);
  });

  it('a search the diagnostic retry names as running away is left out: the file keeps its other searches, the search named', async () => {
    const tasksSeen: SearchTask[] = [];
    const { byPath, retries } = await run([file('runaway.txt'), file('ok.txt')], 1, new Map(), tasksSeen, 100);
    expect(byPath['ok.txt']).toMatchObject({ kind: 'searched', stopped: [] });
    expect(byPath['runaway.txt']).toMatchObject({
      kind: 'searched',
      rowCounts: { 0: 1 },
      // Neither the file nor the search is named again in the reason.
      stopped: [{ search: 'Runaway', reason: 'it ran past the 0 s watchdog (a runaway regex?)' }],
    });
    const runaway = tasksSeen.filter((t) => t.file.relPath === 'runaway.txt');
    expect(runaway.map((t) => [t.diagnose, t.only])).toEqual([
      [false, undefined],
      [true, undefined],
      [false, [0]],
    ]);
    expect(retries).toEqual(['runaway.txt', 'runaway.txt']);
  });
});
