// The arithmetic of a virtualised list: which rows to draw for a scroll
// position, and which pages of rows to fetch for them.

export interface Range {
  start: number;
  end: number; // exclusive
}

/** The rows to render for a viewport, with `overscan` extra on each side. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 8): Range {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + count + overscan);
  return { start: Math.min(start, end), end };
}

/** The page numbers that cover `range` with pages of `pageSize` rows. */
export function pagesFor(range: Range, pageSize: number): number[] {
  if (range.end <= range.start || pageSize <= 0) return [];
  const first = Math.floor(range.start / pageSize);
  const last = Math.floor((range.end - 1) / pageSize);
  const pages: number[] = [];
  for (let page = first; page <= last; page++) pages.push(page);
  return pages;
}

/** A cache of fetched pages that forgets the oldest beyond `capacity`. */
export class PageCache<T> {
  private pages = new Map<number, T[]>();

  constructor(private readonly capacity = 50) {}

  get(page: number): T[] | undefined {
    const rows = this.pages.get(page);
    if (rows) {
      // Refresh its place: most recently used last.
      this.pages.delete(page);
      this.pages.set(page, rows);
    }
    return rows;
  }

  set(page: number, rows: T[]): void {
    this.pages.delete(page);
    this.pages.set(page, rows);
    while (this.pages.size > this.capacity) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }

  row(index: number, pageSize: number): T | undefined {
    return this.pages.get(Math.floor(index / pageSize))?.[index % pageSize];
  }

  clear(): void {
    this.pages.clear();
  }

  get size(): number {
    return this.pages.size;
  }
}
