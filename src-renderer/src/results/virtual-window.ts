// Which rows of a long list to render: those in view plus a margin, for fixed-height rows.

export interface VirtualWindow {
  /** First row index rendered. */
  start: number;
  /** One past the last row index rendered. */
  end: number;
  /** Space above the first rendered row, px. */
  offsetTop: number;
  /** Height of all rows, px. */
  totalHeight: number;
}

export function virtualWindow(total: number, rowHeight: number, scrollTop: number, viewportHeight: number, overscan = 8): VirtualWindow {
  const count = Math.max(0, total);
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight: count * rowHeight };
}

/** The scrollTop that brings row `index` fully into view, or null if it already is. */
export function scrollToReveal(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return null;
}
