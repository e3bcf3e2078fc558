/** A fraction in [0, 1] as a percentage ("47.2 %", or "47.2" without the unit); a missing value is "–". */
export function formatPercent(value: number | null | undefined, { digits = 1, unit = true }: { digits?: number; unit?: boolean } = {}): string {
  if (value === null || value === undefined) return '–';
  return `${(100 * value).toFixed(digits)}${unit ? ' %' : ''}`;
}

/** A prediction as people read it: its class name and confidence ("melanoma 83 %"). */
export function formatPrediction(classNames: readonly string[], predicted: number, probabilities: readonly number[], digits = 0): string {
  return `${classNames[predicted]} ${formatPercent(probabilities[predicted], { digits })}`;
}

/** Seconds as "1 h 05 min", "4 min 10 s" or "12 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

/** A size in bytes as people read it: "840 kB", "3.2 MB", "1.4 GB" (decimal units, as browsers report quota). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes < 1e3) return `${bytes} bytes`;
  return `${Math.round(bytes / 1e3)} kB`;
}

/**
 * The reader's own date and time style (what Date.toLocaleString writes), from one formatter made when the studio
 * loads: the first locale format of a page costs ~20 ms of its thread, which must not land while a run trains.
 */
const DATE_TIME = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });

export function formatDateTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}
