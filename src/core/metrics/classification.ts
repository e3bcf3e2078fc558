export interface ClassMetrics {
  label: string;
  precision: number;
  sensitivity: number;
  specificity: number;
  f1: number;
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  sensitivity: number;
  specificity: number;
  f1: number;
  perClass: ClassMetrics[];
  /** confusion[true][predicted]. */
  confusion: number[][];
}

/** Counts confusion[true][predicted] over K classes. */
export function confusionMatrix(trueLabels: readonly number[], predictedLabels: readonly number[], classCount: number): number[][] {
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  trueLabels.forEach((t, i) => {
    const p = predictedLabels[i]!;
    matrix[t]![p]! += 1;
  });
  return matrix;
}

// 0/0 happens for a class never predicted or absent from the split; the report's convention is 0.
const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

const mean = (values: readonly number[]): number => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/** The report's metrics: per-class precision, sensitivity, specificity and F1 (one-vs-rest), their class averages, and accuracy. */
export function classificationMetrics(confusion: number[][], labels: readonly string[]): ClassificationMetrics {
  const total = confusion.flat().reduce((a, b) => a + b, 0);
  const perClass = labels.map((label, k): ClassMetrics => {
    const truePositive = confusion[k]![k]!;
    const support = confusion[k]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, row) => sum + row[k]!, 0);
    const falseNegative = support - truePositive;
    const falsePositive = predicted - truePositive;
    const trueNegative = total - truePositive - falseNegative - falsePositive;
    const precision = ratio(truePositive, predicted);
    const sensitivity = ratio(truePositive, support);
    return {
      label,
      precision,
      sensitivity,
      specificity: ratio(trueNegative, trueNegative + falsePositive),
      f1: ratio(2 * precision * sensitivity, precision + sensitivity),
      support,
    };
  });
  const correct = confusion.reduce((sum, row, k) => sum + row[k]!, 0);
  return {
    accuracy: ratio(correct, total),
    precision: mean(perClass.map((c) => c.precision)),
    sensitivity: mean(perClass.map((c) => c.sensitivity)),
    specificity: mean(perClass.map((c) => c.specificity)),
    f1: mean(perClass.map((c) => c.f1)),
    perClass,
    confusion,
  };
}

/** What a model that always answers the largest class scores on the same split: the floor a figure is read against. */
export interface MajorityReference {
  /** The class it always answers (the first of the largest). */
  label: string;
  /** Whether every class has as many test images as the largest: then any one class scores the same. */
  balanced: boolean;
  accuracy: number;
  f1: number;
  /** 1 / classes: guessing at random. */
  chance: number;
}

export function majorityReference(metrics: ClassificationMetrics): MajorityReference {
  const supports = metrics.perClass.map((c) => c.support);
  const largest = supports.indexOf(Math.max(...supports));
  const always = metrics.perClass.map((_, t) => metrics.perClass.map((__, p) => (p === largest ? supports[t]! : 0)));
  const reference = classificationMetrics(always, metrics.perClass.map((c) => c.label));
  return { label: metrics.perClass[largest]?.label ?? '', balanced: supports.every((n) => n === supports[largest]), accuracy: reference.accuracy, f1: reference.f1, chance: metrics.perClass.length > 0 ? 1 / metrics.perClass.length : 0 };
}
