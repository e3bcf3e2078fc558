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
