import { useLayoutEffect, useRef, useState } from 'react';

import type { ChartPoint } from '../chartData';
import { niceMax, niceTicks } from '../chartData';

export interface ChartSeries {
  name: string;
  color: string;
  points: readonly ChartPoint[];
  strokeWidth?: number;
  /** Draws each point as a dot: for series with few points (one per epoch). */
  dots?: boolean;
}

const MARGIN = { top: 8, right: 16, bottom: 34, left: 44 };

/** The element's width, followed as the layout changes. */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(560);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(200, Math.round(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

function formatTick(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/**
 * A plain SVG line chart. A training run redraws its charts every few steps while the worker holds every core, and a
 * charting library's redraw took 60–360 ms of the page's main thread there (measured with a long-task observer);
 * this one is a few polylines, drawn in about a millisecond.
 */
export function LineChart({ series, xLabel, yMax, xMin = 0, height = 240, label, formatValue = formatTick }: { series: readonly ChartSeries[]; xLabel: string; yMax?: number; xMin?: number; height?: number; label: string; formatValue?: (value: number) => string }) {
  const [ref, width] = useWidth();
  const [hoverX, setHoverX] = useState<number | null>(null);
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(xMin + 1, ...all.map((p) => p.x));
  const top = yMax ?? niceMax(all.map((p) => p.y));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const sx = (x: number): number => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotWidth;
  const sy = (y: number): number => MARGIN.top + (1 - Math.min(y, top) / top) * plotHeight;
  const xTicks = niceTicks(xMin, xMax, Math.max(2, Math.floor(plotWidth / 80))).filter((t) => Number.isInteger(t));
  const yTicks = niceTicks(0, top, 4);

  const onPointerMove = (event: React.PointerEvent<SVGSVGElement>): void => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = xMin + ((event.clientX - box.left - MARGIN.left) / plotWidth) * (xMax - xMin);
    setHoverX(all.length > 0 && x >= xMin && x <= xMax ? x : null);
  };
  const nearest = (points: readonly ChartPoint[], x: number): ChartPoint | null =>
    points.reduce<ChartPoint | null>((best, p) => (best === null || Math.abs(p.x - x) < Math.abs(best.x - x) ? p : best), null);
  const hovered = hoverX === null ? [] : series.map((s) => ({ s, p: nearest(s.points, hoverX) })).filter((h): h is { s: ChartSeries; p: ChartPoint } => h.p !== null);

  return (
    <div className="line-chart" ref={ref}>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
      <svg width={width} height={height} role="img" aria-label={label} onPointerMove={onPointerMove} onPointerLeave={() => setHoverX(null)}>
        {yTicks.map((t) => (
          <g key={`y${t}`} className="chart-grid">
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={sy(t)} y2={sy(t)} />
            <text x={MARGIN.left - 6} y={sy(t)} dy="0.32em" textAnchor="end">
              {formatValue(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} className="chart-tick" x={sx(t)} y={height - MARGIN.bottom + 16} textAnchor="middle">
            {t}
          </text>
        ))}
        <text className="chart-tick" x={MARGIN.left + plotWidth / 2} y={height - 4} textAnchor="middle">
          {xLabel}
        </text>
        {series.map((s) => (
          <g key={s.name}>
            <polyline fill="none" stroke={s.color} strokeWidth={s.strokeWidth ?? 1.5} strokeLinejoin="round" points={s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')} />
            {s.dots && s.points.map((p) => <circle key={p.x} cx={sx(p.x)} cy={sy(p.y)} r={3} fill={s.color} />)}
          </g>
        ))}
        {hovered.length > 0 && hoverX !== null && <line className="chart-cursor" x1={sx(hovered[0]!.p.x)} x2={sx(hovered[0]!.p.x)} y1={MARGIN.top} y2={MARGIN.top + plotHeight} />}
      </svg>
      {hovered.length > 0 && (
        <div className="chart-readout" role="status">
          {hovered.map(({ s, p }) => (
            <span key={s.name}>
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.name} at {xLabel} {p.x}: {formatValue(p.y)}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
