import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src-main/contract/ipc';
import { manualFrames } from '../testing/frames';
import { createEventBatcher } from './event-batcher';

const progress = (filesDone: number): RunEvent => ({
  type: 'progress',
  progress: { runId: 'r', phase: 'searching', filesDone, filesTotal: 10, bytesDone: 0, bytesTotal: 0, rowsFound: 0, systemsSearched: 0, filesSkipped: 0, filesFailed: 0, exports: [], workers: [], etaSeconds: null, stalled: null, elapsedMs: 0 },
});

describe('createEventBatcher', () => {
  it('delivers once per frame, only the latest progress, and every other event in order', () => {
    const frames = manualFrames();
    const batches: RunEvent[][] = [];
    const b = createEventBatcher((events) => batches.push(events), frames.schedule);
    for (let i = 1; i <= 500; i += 1) b.push(progress(i));
    b.push({ type: 'warning', runId: 'r', message: 'a', file: null });
    b.push({ type: 'warning', runId: 'r', message: 'b', file: null });
    expect(frames.pending()).toBe(1);
    expect(batches).toHaveLength(0);
    frames.flush();
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch!.map((e) => (e.type === 'progress' ? e.progress.filesDone : e.type === 'warning' ? e.message : e.type))).toEqual([500, 'a', 'b']);
    expect(b.stats()).toEqual({ received: 502, delivered: 3, flushes: 1 });
  });

  it('schedules a new frame for events after a flush, and none when idle', () => {
    const frames = manualFrames();
    let delivered = 0;
    const b = createEventBatcher((events) => (delivered += events.length), frames.schedule);
    b.push(progress(1));
    frames.flush();
    expect(frames.pending()).toBe(0);
    b.push(progress(2));
    expect(frames.pending()).toBe(1);
    frames.flush();
    expect(delivered).toBe(2);
  });

  it('flush() hands over at once', () => {
    const frames = manualFrames();
    const got: RunEvent[] = [];
    const b = createEventBatcher((events) => got.push(...events), frames.schedule);
    b.push(progress(7));
    b.flush();
    expect(got).toHaveLength(1);
  });
});
