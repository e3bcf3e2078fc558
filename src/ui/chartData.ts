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

/** Seconds as "1 h 05 min", "4 min 10 s" or "12 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}
