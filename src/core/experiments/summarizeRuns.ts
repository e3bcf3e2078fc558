// results.json, results.csv and the report-style table, from finished runs.
import { describeSchedule } from '../train/learningRateSchedule';
import type { Method } from '../train/trainConfig';
import { METHOD_LABELS } from '../train/trainConfig';
import type { RunResult } from '../train/trainingEvents';

/** One run as results.json records it (DESIGN.md "results.json"). */
export interface ExperimentRun extends RunResult {
  backend: string;
  adapter: string;
}

export interface MeanStd {
  mean: number;
  /** Sample standard deviation; 0 for one value, which has no spread (formatMeanStd then shows the value alone). */
  std: number;
  n: number;
}

/** "72.5 ± 14.1" in %, or "72.5" for a single run, which has no spread. */
export function formatMeanStd(value: MeanStd, digits = 1): string {
  const pct = (x: number): string => (100 * x).toFixed(digits);
  return value.n > 1 ? `${pct(value.mean)} ± ${pct(value.std)}` : pct(value.mean);
}

const METRICS = ['accuracy', 'precision', 'sensitivity', 'specificity', 'f1'] as const;
const SALIENCY = ['spnIoU', 'spnDice', 'camEnergyInMask', 'camPointingGame'] as const;

export interface SummaryRow {
  method: Method;
  backbone: string;
  labelRatio: number;
  loss: string;
  n: number;
  accuracy: MeanStd;
  precision: MeanStd;
  sensitivity: MeanStd;
  specificity: MeanStd;
  f1: MeanStd;
  /** Null where no run of the group has the metric (the SPN's for a baseline). */
  spnIoU: MeanStd | null;
  spnDice: MeanStd | null;
  camEnergyInMask: MeanStd | null;
  camPointingGame: MeanStd | null;
}

export interface RunFailure {
  config: RunResult['config'];
  seed: number;
  error: string;
}

export interface ExperimentResults {
  runs: ExperimentRun[];
  summary: SummaryRow[];
  failures: RunFailure[];
}

/** Mean and sample standard deviation (n − 1; 0 for a single run). */
export function meanStd(values: readonly number[]): MeanStd {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance), n: values.length };
}

const groupKey = (run: RunResult): string => JSON.stringify([run.config.method, run.config.backbone, run.config.labelRatio, run.config.loss]);

export function summarizeRuns(runs: readonly ExperimentRun[]): SummaryRow[] {
  const groups = new Map<string, ExperimentRun[]>();
  for (const run of runs) groups.set(groupKey(run), [...(groups.get(groupKey(run)) ?? []), run]);
  return [...groups.values()].map((group) => {
    const { method, backbone, labelRatio, loss } = group[0]!.config;
    const test = (metric: (typeof METRICS)[number]): MeanStd => meanStd(group.map((r) => r.test[metric]));
    const saliency = (metric: (typeof SALIENCY)[number]): MeanStd | null => {
      const values = group.map((r) => r.saliency[metric]).filter((v): v is number => v !== null);
      return values.length > 0 ? meanStd(values) : null;
    };
    return {
      method,
      backbone,
      labelRatio,
      loss,
      n: group.length,
      accuracy: test('accuracy'),
      precision: test('precision'),
      sensitivity: test('sensitivity'),
      specificity: test('specificity'),
      f1: test('f1'),
      spnIoU: saliency('spnIoU'),
      spnDice: saliency('spnDice'),
      camEnergyInMask: saliency('camEnergyInMask'),
      camPointingGame: saliency('camPointingGame'),
    };
  });
}

export function experimentResults(runs: readonly ExperimentRun[], failures: readonly RunFailure[] = []): ExperimentResults {
  return { runs: [...runs], summary: summarizeRuns(runs), failures: [...failures] };
}

const CSV_COLUMNS = ['method', 'backbone', 'width', 'imageSizePx', 'epochs', 'batchSize', 'learningRate', 'loss', 'lambda', 'labelRatio', 'seed'] as const;

/** One row per run: its config, test metrics, saliency metrics and speed. */
export function resultsCsv(runs: readonly ExperimentRun[]): string {
  const header = [...CSV_COLUMNS, 'schedule', 'backend', ...METRICS, ...SALIENCY, 'maskedTestImages', 'imagesPerSecond', 'totalSeconds'];
  const rows = runs.map((r) => [
    ...CSV_COLUMNS.map((c) => String(r.config[c])),
    `"${describeSchedule(r.config.schedule)}"`,
    r.backend,
    ...METRICS.map((m) => r.test[m].toFixed(6)),
    ...SALIENCY.map((m) => (r.saliency[m] === null ? '' : r.saliency[m]!.toFixed(6))),
    String(r.saliency.maskedTestImages),
    r.timing.imagesPerSecond.toFixed(3),
    r.timing.totalSeconds.toFixed(1),
  ]);
  return [header, ...rows].map((row) => row.join(',')).join('\n') + '\n';
}

const cell = (value: MeanStd | null): string => (value === null ? '–' : formatMeanStd(value));

/** The report's Tables 1–4 layout: one row per method × backbone × label ratio × loss, metrics in % as mean ± std. */
export function summaryTable(summary: readonly SummaryRow[]): string[][] {
  const header = ['Method', 'Backbone', 'Label ratio', 'Loss', 'n', 'Accuracy', 'Precision', 'Sensitivity', 'Specificity', 'F1', 'CAM in mask', 'Pointing game', 'SPN IoU', 'SPN Dice'];
  const rows = summary.map((s) => [
    METHOD_LABELS[s.method],
    s.backbone,
    s.method === 'baseline' ? '–' : String(s.labelRatio),
    s.method === 'baseline' ? '–' : s.loss,
    String(s.n),
    cell(s.accuracy),
    cell(s.precision),
    cell(s.sensitivity),
    cell(s.specificity),
    cell(s.f1),
    cell(s.camEnergyInMask),
    cell(s.camPointingGame),
    cell(s.spnIoU),
    cell(s.spnDice),
  ]);
  return [header, ...rows];
}

/** The table as Markdown, for the terminal and the README. */
export function summaryMarkdown(summary: readonly SummaryRow[]): string {
  const [header, ...rows] = summaryTable(summary);
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header!), line(header!.map((_, i) => (i < 4 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
