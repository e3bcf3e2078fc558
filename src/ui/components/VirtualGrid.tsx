import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';

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

const OVERSCAN_ROWS = 2;

/** A grid that renders only the rows in view, so thousands of thumbnails scroll smoothly. */
export function VirtualGrid<T>({ items, cellWidthPx, cellHeightPx, heightPx, itemKey, renderItem, label, testId }: Props<T>) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
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
  const firstRow = Math.max(0, Math.floor(scrollTop / cellHeightPx) - OVERSCAN_ROWS);
  const lastRow = Math.min(rows, Math.ceil((scrollTop + heightPx) / cellHeightPx) + OVERSCAN_ROWS);
  const visible = items.slice(firstRow * columns, lastRow * columns);
  return (
    <div
      ref={viewport}
      className="virtual-grid"
      style={{ height: Math.min(heightPx, rows * cellHeightPx + 4), overflowY: 'auto', position: 'relative' }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      role="list"
      aria-label={label}
      data-testid={testId}
      data-total={items.length}
      data-columns={columns}
    >
      <div style={{ height: rows * cellHeightPx, position: 'relative' }}>
        {visible.map((item, i) => {
          const index = firstRow * columns + i;
          return (
            <div
              key={itemKey(item)}
              role="listitem"
              style={{ position: 'absolute', top: Math.floor(index / columns) * cellHeightPx, left: (index % columns) * cellWidthPx, width: cellWidthPx - 8, height: cellHeightPx - 8 }}
            >
              {renderItem(item)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
