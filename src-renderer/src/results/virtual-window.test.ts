import { describe, expect, it } from 'vitest';
import { scrollToReveal, virtualWindow } from './virtual-window';

describe('virtualWindow', () => {
  it('renders the rows in view plus overscan', () => {
    expect(virtualWindow(10_000, 34, 0, 340, 5)).toEqual({ start: 0, end: 16, offsetTop: 0, totalHeight: 340_000 });
    const mid = virtualWindow(10_000, 34, 34 * 1000, 340, 5);
    expect([mid.start, mid.end, mid.offsetTop]).toEqual([995, 1016, 995 * 34]);
  });
  it('clamps at the end and for empty lists', () => {
    expect(virtualWindow(20, 34, 10_000, 340, 5)).toMatchObject({ start: 20, end: 20 });
    expect(virtualWindow(0, 34, 0, 340)).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });
});

describe('scrollToReveal', () => {
  it('scrolls only when the row is out of view', () => {
    expect(scrollToReveal(5, 10, 0, 100)).toBeNull();
    expect(scrollToReveal(12, 10, 0, 100)).toBe(30);
    expect(scrollToReveal(2, 10, 50, 100)).toBe(20);
  });
});
