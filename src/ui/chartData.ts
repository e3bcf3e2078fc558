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

/** At most `max` points: consecutive points averaged into buckets (each field's mean, the last step of the bucket). */
export function downsample<T extends { step: number }>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const size = Math.ceil(points.length / max);
  const out: T[] = [];
  for (let start = 0; start < points.length; start += size) {
    const bucket = points.slice(start, start + size);
    const mean = { ...bucket.at(-1)! } as Record<string, number>;
    for (const key of Object.keys(mean)) if (key !== 'step') mean[key] = bucket.reduce((sum, p) => sum + (p as unknown as Record<string, number>)[key]!, 0) / bucket.length;
    out.push(mean as unknown as T);
  }
  return out;
}
