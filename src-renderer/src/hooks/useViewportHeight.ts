import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * A size of an element, kept up to date as it resizes. `fallback` until measured (and in DOMs
 * without layout).
 */
export function useElementSize(ref: RefObject<HTMLElement | null>, dimension: 'clientHeight' | 'clientWidth', fallback: number): number {
  const [size, setSize] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setSize(el[dimension] > 0 ? el[dimension] : fallback);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, dimension, fallback]);
  return size;
}

/** The height of a scrolling element: what a windowed list needs to know how many rows to render. */
export function useViewportHeight(ref: RefObject<HTMLElement | null>, fallback: number): number {
  return useElementSize(ref, 'clientHeight', fallback);
}
