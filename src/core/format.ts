/** A fraction in [0, 1] as a percentage ("47.2 %", or "47.2" without the unit); a missing value is "–". */
export function formatPercent(value: number | null | undefined, { digits = 1, unit = true }: { digits?: number; unit?: boolean } = {}): string {
  if (value === null || value === undefined) return '–';
  return `${(100 * value).toFixed(digits)}${unit ? ' %' : ''}`;
}

/** A prediction as people read it: its class name and confidence ("melanoma 83 %"). */
export function formatPrediction(classNames: readonly string[], predicted: number, probabilities: readonly number[], digits = 0): string {
  return `${classNames[predicted]} ${formatPercent(probabilities[predicted], { digits })}`;
}
