import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Empty, Skeleton } from 'antd';

export interface PagedColumn<T> {
  key: string;
  title: ReactNode;
  /** CSS grid track, e.g. '80px' or '2fr'. */
  width: string;
  render(row: T): ReactNode;
}

export interface PagedTableProps<T> {
  /** Changes whenever the underlying query changes (filter, job, import); drops the cache. */
  queryKey: string;
  /** Bumps when the same query's data may have changed (progress): refetches visible pages. */
  refreshToken?: number;
  fetchPage(offset: number, limit: number): Promise<{ items: T[]; total: number }>;
  columns: PagedColumn<T>[];
  rowKey(row: T): string | number;
  height?: number;
  rowHeight?: number;
  pageSize?: number;
  testId?: string;
  onTotal?(total: number): void;
}

/**
 * A table that holds only the pages the user looks at: rows are fetched in pages (≤ 1,000) as
 * they scroll into view and rendered through a virtualizer, so a million-row import scrolls as
 * smoothly as a hundred-row one and no IPC message carries more than one page.
 */
export function PagedTable<T>({
  queryKey,
  refreshToken = 0,
  fetchPage,
  columns,
  rowKey,
  height = 480,
  // 30 px keeps a million rows under Chromium's ~33.5 M px element height limit.
  rowHeight = 30,
  pageSize = 500,
  testId,
  onTotal,
}: PagedTableProps<T>) {
  const parentRef = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, T[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [, setVersion] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const onTotalRef = useRef(onTotal);
  onTotalRef.current = onTotal;

  const load = useCallback(
    (page: number, force = false) => {
      if (inFlight.current.has(page)) return;
      if (!force && pages.current.has(page)) return;
      inFlight.current.add(page);
      const gen = generation.current;
      fetchRef
        .current(page * pageSize, pageSize)
        .then((res) => {
          if (gen !== generation.current) return;
          pages.current.set(page, res.items);
          setTotal(res.total);
          onTotalRef.current?.(res.total);
          setVersion((v) => v + 1);
        })
        .catch(() => {
          // A failed page stays empty and is asked for again on the next scroll.
        })
        .finally(() => inFlight.current.delete(page));
    },
    [pageSize],
  );

  // A new query: forget everything and read the first page.
  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    inFlight.current = new Set();
    setTotal(null);
    parentRef.current?.scrollTo({ top: 0 });
    load(0);
  }, [queryKey, load]);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => parentRef.current,
    estimateSize: () => rowHeight,
    overscan: 20,
    // The viewport height is fixed, so the first paint can show rows before any measuring.
    initialRect: { width: 0, height },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total === null) return;
    for (let p = Math.floor(first / pageSize); p <= Math.floor(last / pageSize); p++) load(p);
  }, [first, last, total, pageSize, load]);

  // Same query, fresher data (a running job): re-read the pages on screen only.
  useEffect(() => {
    if (refreshToken === 0) return;
    const visible = new Set<number>();
    for (let p = Math.floor(first / pageSize); p <= Math.floor(last / pageSize); p++)
      visible.add(p);
    if (visible.size === 0) visible.add(0);
    for (const p of pages.current.keys()) if (!visible.has(p)) pages.current.delete(p);
    for (const p of visible) load(p, true);
    // first/last are read at refresh time on purpose; scrolling has its own effect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refreshToken]);

  const grid = columns.map((c) => c.width).join(' ');
  const header = (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: grid,
        fontWeight: 600,
        background: 'rgba(0,0,0,0.03)',
        borderBottom: '1px solid rgba(5,5,5,0.06)',
        padding: '8px 0',
      }}
    >
      {columns.map((c) => (
        <div key={c.key} style={{ padding: '0 8px' }}>
          {c.title}
        </div>
      ))}
    </div>
  );

  return (
    <div
      data-testid={testId}
      data-total={total ?? ''}
      style={{ border: '1px solid rgba(5,5,5,0.06)', borderRadius: 8 }}
    >
      {header}
      {total === 0 ? (
        <Empty style={{ padding: 24 }} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div ref={parentRef} style={{ height, overflow: 'auto', position: 'relative' }}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((vi) => {
              const row = pages.current.get(Math.floor(vi.index / pageSize))?.[vi.index % pageSize];
              return (
                <div
                  key={row ? rowKey(row) : `loading-${vi.index}`}
                  data-testid={row ? `${testId ?? 'paged'}-row` : undefined}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: rowHeight,
                    transform: `translateY(${vi.start}px)`,
                    display: 'grid',
                    gridTemplateColumns: grid,
                    alignItems: 'center',
                    borderBottom: '1px solid rgba(5,5,5,0.06)',
                  }}
                >
                  {row ? (
                    columns.map((c) => (
                      <div
                        key={c.key}
                        style={{
                          padding: '0 8px',
                          overflow: 'hidden',
                          textOverflow: 'ellipsis',
                          whiteSpace: 'nowrap',
                        }}
                      >
                        {c.render(row)}
                      </div>
                    ))
                  ) : (
                    <div style={{ gridColumn: '1 / -1', padding: '0 8px' }}>
                      <Skeleton.Input active size="small" block />
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
