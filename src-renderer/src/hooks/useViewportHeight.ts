import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The height of a scrolling element, kept up to date as it resizes: what a windowed list needs
 * to know how many rows to render. `fallback` until measured (and in DOMs without layout).
 */
export function useViewportHeight(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [height, setHeight] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight > 0 ? el.clientHeight : fallback);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, fallback]);
  return height;
}
