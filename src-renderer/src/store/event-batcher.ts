// The host may send hundreds of progress events a second. Rendering each one would freeze the
// UI, so events are queued and handed over once per animation frame. Progress events replace
// each other (only the latest one is worth drawing); warnings, errors and 'done' are all kept.
import type { RunEvent } from '../../../src-main/contract/ipc';

export type FrameScheduler = (flush: () => void) => void;

export const animationFrameScheduler: FrameScheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    requestAnimationFrame(() => flush());
  } else {
    // Hidden windows get no animation frames; a 'done' event must still land.
    setTimeout(flush, 50);
  }
};

export interface EventBatcher {
  push(event: RunEvent): void;
  /** Deliver whatever is queued now (used before teardown). */
  flush(): void;
  /** Events handed over so far, and flushes made: for tests and diagnostics. */
  stats(): { received: number; delivered: number; flushes: number };
}

export function createEventBatcher(deliver: (events: RunEvent[]) => void, schedule: FrameScheduler = animationFrameScheduler): EventBatcher {
  let latestProgress: RunEvent | null = null;
  let others: RunEvent[] = [];
  let scheduled = false;
  let received = 0;
  let delivered = 0;
  let flushes = 0;

  const flush = (): void => {
    scheduled = false;
    if (latestProgress === null && others.length === 0) return;
    const batch = latestProgress ? [latestProgress, ...others] : others;
    latestProgress = null;
    others = [];
    delivered += batch.length;
    flushes += 1;
    deliver(batch);
  };

  return {
    push(event) {
      received += 1;
      if (event.type === 'progress') latestProgress = event;
      else others.push(event);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
    stats: () => ({ received, delivered, flushes }),
  };
}
