import { describe, expect, it } from 'vitest';
import { DEADLINE_UNIT_BYTES, taskDeadlineMs } from './deadlines';

describe('taskDeadlineMs', () => {
  it('is one per-file timeout for a small task, and grows with the input', () => {
    expect(taskDeadlineMs(1000, 0)).toBe(1000);
    expect(taskDeadlineMs(1000, DEADLINE_UNIT_BYTES)).toBe(2000);
    expect(taskDeadlineMs(120_000, 32 * DEADLINE_UNIT_BYTES)).toBe(33 * 120_000);
    expect(taskDeadlineMs(1000, -5)).toBe(1000);
  });
});
