import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

interface Props<T> {
  items: readonly T[];
  cellWidthPx: number;
  cellHeightPx: number;
  /** Height of the scrolling viewport. */
  heightPx: number;
  itemKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  label: string;
  testId?: string;
}

/** A grid that renders only the rows in view (TanStack Virtual, by rows of as many cells as fit), so thousands of thumbnails scroll smoothly. */
export function VirtualGrid<T>({ items, cellWidthPx, cellHeightPx, heightPx, itemKey, renderItem, label, testId }: Props<T>) {
  const viewport = useRef<HTMLDivElement>(null);
  const [widthPx, setWidthPx] = useState(800);
  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidthPx(entry.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const columns = Math.max(1, Math.floor(widthPx / cellWidthPx));
  const rows = Math.ceil(items.length / columns);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => viewport.current,
    estimateSize: () => cellHeightPx,
    overscan: 2,
    // Before the first measurement (and in a test's first frame) the rows of one viewport are drawn.
    initialRect: { width: widthPx, height: heightPx },
  });
  return (
    <div
      ref={viewport}
      className="virtual-grid"
      style={{ height: Math.min(heightPx, rows * cellHeightPx + 4), overflowY: 'auto', position: 'relative' }}
      role="list"
      aria-label={label}
      data-testid={testId}
      data-total={items.length}
      data-columns={columns}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().flatMap((row) =>
          items.slice(row.index * columns, (row.index + 1) * columns).map((item, column) => (
            <div
              key={itemKey(item)}
              role="listitem"
              style={{ position: 'absolute', top: row.start, left: column * cellWidthPx, width: cellWidthPx - 8, height: cellHeightPx - 8 }}
            >
              {renderItem(item)}
            </div>
          )),
        )}
      </div>
    </div>
  );
}
