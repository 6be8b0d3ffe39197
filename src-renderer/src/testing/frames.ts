// Animation frames run by hand, so tests decide when the event batcher flushes. Test-only.

export interface ManualFrames {
  schedule: (flush: () => void) => void;
  /** Run every queued frame callback; returns how many ran. */
  flush(): number;
  pending(): number;
}

export function manualFrames(): ManualFrames {
  let queue: (() => void)[] = [];
  return {
    schedule: (f) => {
      queue.push(f);
    },
    flush() {
      const run = queue;
      queue = [];
      for (const f of run) f();
      return run.length;
    },
    pending: () => queue.length,
  };
}
