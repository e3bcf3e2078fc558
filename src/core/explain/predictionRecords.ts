import type { ExplainedSample } from './explainSamples';

/** One prediction as the CSV/JSON downloads and `npm run predict` write it. */
export interface PredictionRecord {
  image: string;
  predicted: string;
  confidence: number;
  /** Null when the image's true class is unknown. */
  trueClass: string | null;
  probabilities: Record<string, number>;
}

export function predictionRecords(items: readonly Pick<ExplainedSample, 'id' | 'label' | 'predicted' | 'probabilities'>[], classNames: readonly string[]): PredictionRecord[] {
  return items.map((item) => ({
    image: item.id,
    predicted: classNames[item.predicted] ?? String(item.predicted),
    confidence: item.probabilities[item.predicted] ?? 0,
    trueClass: item.label >= 0 ? (classNames[item.label] ?? null) : null,
    probabilities: Object.fromEntries(classNames.map((name, k) => [name, item.probabilities[k] ?? 0])),
  }));
}

const csvCell = (value: string): string => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function predictionsCsv(records: readonly PredictionRecord[], classNames: readonly string[]): string {
  const header = ['image', 'predicted', 'confidence', 'true_class', ...classNames.map((c) => `p_${c}`)];
  const rows = records.map((r) => [r.image, r.predicted, r.confidence.toFixed(6), r.trueClass ?? '', ...classNames.map((c) => (r.probabilities[c] ?? 0).toFixed(6))]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
