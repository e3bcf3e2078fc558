import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Line, LineChart as RechartsLineChart, Tooltip, XAxis, YAxis } from 'recharts';

import type { ChartPoint } from '../chartData';
import { mergeByX, nearestPoint, niceMax, niceTicks } from '../chartData';

export interface ChartSeries {
  name: string;
  color: string;
  points: readonly ChartPoint[];
  strokeWidth?: number;
  /** Draws each point as a dot: for series with few points (one per epoch). */
  dots?: boolean;
}

const MARGIN = { top: 8, right: 16, bottom: 22, left: 0 };
const Y_AXIS_WIDTH = 52;

/** The element's width, followed as the layout changes; a fixed pixel width lets recharts skip its own measuring. */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(560);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    // Measured before the first paint, so the chart is not drawn twice on mount.
    setWidth(Math.max(200, Math.round(element.getBoundingClientRect().width)));
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(200, Math.round(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

function formatTick(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/** What the pointer is over: each series' nearest point to that x, in words, for eyes and screen readers alike. */
function Readout({ active, label, series, xLabel, formatValue }: { active?: boolean; label?: unknown; series: readonly ChartSeries[]; xLabel: string; formatValue: (value: number) => string }) {
  if (!active || typeof label !== 'number') return null;
  const hovered = series.flatMap((s) => {
    const p = nearestPoint(s.points, label);
    return p ? [{ s, p }] : [];
  });
  if (hovered.length === 0) return null;
  return (
    <div className="chart-readout" role="status">
      {hovered.map(({ s, p }) => (
        <span key={s.name}>
          <span className="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.name} at {xLabel} {p.x}: {formatValue(p.y)}
        </span>
      ))}
    </div>
  );
}

/**
 * A line chart on recharts, fed the way a live chart must be while the worker holds every core: one row per x (the
 * series merged once per change of data, each bounded by its caller), no animation, no active dots, dots only on the
 * few epoch points, fixed ticks all drawn (interval 0: recharts then measures no tick label's text in the DOM) and a
 * fixed pixel size, and memoized so an update that leaves its series alone does
 * not redraw it. Recharts 2, not 3: 3 keeps its state in a store whose every change renders synchronously, and each
 * update of this chart then took 60–90 ms of the page's thread with the worker on both cores (2 keeps under 50).
 */
export const LineChart = memo(function LineChart({ series, xLabel, yMax, xMin = 0, height = 240, label, formatValue = formatTick }: { series: readonly ChartSeries[]; xLabel: string; yMax?: number; xMin?: number; height?: number; label: string; formatValue?: (value: number) => string }) {
  const [ref, width] = useWidth();
  const rows = useMemo(() => mergeByX(series.map((s) => s.points)), [series]);
  const xMax = Math.max(xMin + 1, ...rows.map((r) => r.x));
  const top = yMax ?? niceMax(series.flatMap((s) => s.points.map((p) => p.y)));
  const plotWidth = width - MARGIN.left - MARGIN.right - Y_AXIS_WIDTH;
  const xTicks = niceTicks(xMin, xMax, Math.max(2, Math.floor(plotWidth / 80))).filter((t) => Number.isInteger(t));
  const yTicks = niceTicks(0, top, 4);
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
      <RechartsLineChart width={width} height={height} data={rows} margin={MARGIN} title={label}>
        <CartesianGrid vertical={false} stroke="#e6e9f0" />
        <XAxis type="number" dataKey="x" domain={[xMin, xMax]} ticks={xTicks} interval={0} allowDataOverflow tick={{ fontSize: 11 }} label={{ value: xLabel, position: 'insideBottom', offset: -14, fontSize: 11 }} />
        <YAxis type="number" domain={[0, top]} ticks={yTicks} interval={0} allowDataOverflow width={Y_AXIS_WIDTH} tick={{ fontSize: 11 }} tickFormatter={formatValue} />
        <Tooltip isAnimationActive={false} cursor={{ stroke: '#9aa3b5', strokeDasharray: '3 3' }} content={<Readout series={series} xLabel={xLabel} formatValue={formatValue} />} />
        {series.map((s, i) => (
          <Line
            key={s.name}
            name={s.name}
            dataKey={`s${i}`}
            stroke={s.color}
            strokeWidth={s.strokeWidth ?? 1.5}
            dot={s.dots ? { r: 3, fill: s.color, strokeWidth: 0 } : false}
            activeDot={false}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </RechartsLineChart>
    </div>
  );
});
