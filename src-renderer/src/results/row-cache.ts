// Pages of one search's rows, fetched on demand as the table scrolls. One cache per
// (search, filter, sort): a new query starts a new cache, so stale pages never mix in.
import type { Cell, RowsPage } from '../../../src-main/contract/ipc';

export type PageFetcher = (offset: number, limit: number) => Promise<RowsPage>;

export const PAGE_SIZE = 200;

export class RowCache {
  private readonly pages = new Map<number, Cell[][]>();
  private readonly loading = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private disposed = false;
  header: string[] = [];
  /** Rows matching the query; null until the first page answered. */
  total: number | null = null;
  error: string | null = null;
  /** Bumped on every change, for useSyncExternalStore. */
  version = 0;

  constructor(
    private readonly fetchPage: PageFetcher,
    private readonly pageSize = PAGE_SIZE,
  ) {}

  row(index: number): Cell[] | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Fetch every page touching rows [start, end) that is neither loaded nor loading. */
  ensure(start: number, end: number): void {
    if (this.disposed) return;
    const last = this.total === null ? Math.max(start, end - 1) : Math.min(end, this.total) - 1;
    for (let page = Math.floor(Math.max(0, start) / this.pageSize); page <= Math.floor(last / this.pageSize); page += 1) {
      if (this.pages.has(page) || this.loading.has(page)) continue;
      if (this.total !== null && page * this.pageSize >= this.total && page > 0) break;
      this.load(page);
    }
  }

  private load(page: number): void {
    this.loading.add(page);
    this.fetchPage(page * this.pageSize, this.pageSize).then(
      (answer) => {
        this.loading.delete(page);
        if (this.disposed) return;
        this.pages.set(page, answer.rows);
        this.header = answer.header;
        this.total = answer.total;
        this.error = null;
        this.changed();
      },
      (e: unknown) => {
        this.loading.delete(page);
        if (this.disposed) return;
        this.error = e instanceof Error ? e.message : String(e);
        this.changed();
      },
    );
  }

  isLoading(): boolean {
    return this.loading.size > 0;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private changed(): void {
    this.version += 1;
    for (const l of [...this.listeners]) l();
  }
}
