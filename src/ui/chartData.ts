/** Exponential moving average, as loss curves are usually smoothed; `weight` 0 keeps the raw values. */
export function smooth(values: readonly number[], weight = 0.8): number[] {
  const out: number[] = [];
  let last: number | null = null;
  for (const v of values) {
    last = last === null ? v : last * weight + v * (1 - weight);
    out.push(last);
  }
  return out;
}

export interface ChartPoint {
  x: number;
  y: number;
}

/** At most `max` points: consecutive points averaged into buckets (the mean of y at the bucket's last x). */
export function downsample(points: readonly ChartPoint[], max: number): ChartPoint[] {
  if (points.length <= max) return [...points];
  const size = Math.ceil(points.length / max);
  const out: ChartPoint[] = [];
  for (let start = 0; start < points.length; start += size) {
    const bucket = points.slice(start, start + size);
    out.push({ x: bucket.at(-1)!.x, y: bucket.reduce((sum, p) => sum + p.y, 0) / bucket.length });
  }
  return out;
}

/** Points of a series whose value may be missing (a baseline has no localization loss): the missing ones dropped. */
export function pointsOf<T>(items: readonly T[], x: (item: T, index: number) => number, y: (item: T) => number | null): ChartPoint[] {
  const out: ChartPoint[] = [];
  items.forEach((item, index) => {
    const value = y(item);
    if (value !== null && Number.isFinite(value)) out.push({ x: x(item, index), y: value });
  });
  return out;
}

/** Round axis ticks (1, 2 or 5 times a power of ten apart) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** The upper end of an axis from 0: the largest value rounded up to the next tick, so the curve never touches the top. */
export function niceMax(values: readonly number[], count = 5): number {
  const max = Math.max(0, ...values.filter(Number.isFinite));
  if (max === 0) return 1;
  const ticks = niceTicks(0, max, count);
  const last = ticks.at(-1)!;
  return last >= max ? last : last + (ticks[1]! - ticks[0]!);
}

/** One row per distinct x, sorted, holding each series' value at that x under `s0`, `s1`, … (absent where it has none). */
export function mergeByX(series: ReadonlyArray<readonly ChartPoint[]>): Array<{ x: number } & Record<string, number>> {
  const rows = new Map<number, { x: number } & Record<string, number>>();
  series.forEach((points, i) => {
    for (const p of points) {
      const row = rows.get(p.x) ?? { x: p.x };
      row[`s${i}`] = p.y;
      rows.set(p.x, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.x - b.x);
}

/** The point of a series closest to x, or null for an empty series. */
export function nearestPoint(points: readonly ChartPoint[], x: number): ChartPoint | null {
  return points.reduce<ChartPoint | null>((best, p) => (best === null || Math.abs(p.x - x) < Math.abs(best.x - x) ? p : best), null);
}
