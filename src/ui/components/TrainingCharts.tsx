import { memo, useDeferredValue, useMemo } from 'react';

import { formatPercent } from '../../core/format';
import type { HistoryEntry } from '../../core/train/trainingEvents';
import type { ChartPoint } from '../chartData';
import { downsample, pointsOf, smooth } from '../chartData';
import type { TrainingState } from '../stores/trainingStore';
import type { ChartSeries } from './LineChart';
import { LineChart } from './LineChart';

/** Points a step series draws at most: longer runs are averaged into this many, so a redraw stays cheap. */
const MAX_POINTS = 300;

const percentTick = (v: number): string => formatPercent(v, { digits: 0 });

function lastOf(series: ChartSeries): string {
  const last = series.points.at(-1);
  return last ? `${series.name} ${last.y.toFixed(3)}` : `${series.name}: none yet`;
}

/**
 * Live loss (per step, and per epoch for train and validation) and validation F1/accuracy per epoch. The charts
 * redraw from a deferred copy of the data, so React renders them when the page has nothing more urgent to do.
 */
export const TrainingCharts = memo(function TrainingCharts(props: { batchLosses: TrainingState['batchLosses']; history: HistoryEntry[]; batchesPerEpoch: number }) {
  const batchLosses = useDeferredValue(props.batchLosses);
  const history = useDeferredValue(props.history);
  const { batchesPerEpoch } = props;
  const lossSeries = useMemo((): ChartSeries[] => {
    const smoothed = (values: Array<number | null>): Array<number | null> => {
      const present = values.filter((v): v is number => v !== null);
      const s = smooth(present);
      let i = 0;
      return values.map((v) => (v === null ? null : s[i++]!));
    };
    const total = smoothed(batchLosses.map((b) => b.loss));
    const classification = smoothed(batchLosses.map((b) => b.classificationLoss));
    const localization = smoothed(batchLosses.map((b) => b.localizationLoss));
    const steps = (values: Array<number | null>): ChartPoint[] => downsample(pointsOf(values, (_, i) => batchLosses[i]!.step, (v) => v), MAX_POINTS);
    // Epoch points sit at the step where their epoch ended, so step and epoch series share one x axis.
    const atEpochEnd = (h: HistoryEntry): number => h.epoch * batchesPerEpoch;
    const series: ChartSeries[] = [
      { name: 'step loss (raw)', color: '#c9d1e4', points: steps(batchLosses.map((b) => b.loss)), strokeWidth: 1 },
      { name: 'total (smoothed)', color: '#2456d6', points: steps(total), strokeWidth: 2 },
      { name: 'classification', color: '#1f9d55', points: steps(classification) },
      { name: 'localization', color: '#d69e1f', points: steps(localization) },
      { name: 'train loss (epoch)', color: '#6b3fa0', points: pointsOf(history, atEpochEnd, (h) => h.trainLoss), dots: true },
      { name: 'val loss (epoch)', color: '#d6501f', points: pointsOf(history, atEpochEnd, (h) => h.valLoss), strokeWidth: 2, dots: true },
    ];
    return series.filter((s) => s.points.length > 0 || s.name === 'total (smoothed)');
  }, [batchLosses, history, batchesPerEpoch]);
  const scoreSeries = useMemo(
    (): ChartSeries[] => [
      { name: 'val macro-F1', color: '#1f9d55', points: pointsOf(history, (h) => h.epoch, (h) => h.valF1), strokeWidth: 2, dots: true },
      { name: 'val accuracy', color: '#8a4fd6', points: pointsOf(history, (h) => h.epoch, (h) => h.valAccuracy), strokeWidth: 2, dots: true },
    ],
    [history],
  );
  const lastEpoch = history.at(-1);
  return (
    <div className="charts">
      <figure className="chart-box" data-testid="loss-chart" data-points={props.batchLosses.length} data-last-step={Math.max(0, ...lossSeries.flatMap((s) => s.points.map((p) => p.x)))}>
        <h3>Training loss per step, and validation loss per epoch</h3>
        {props.batchLosses.length === 0 && props.history.length === 0 && <p className="muted">The curves appear with a run’s first training step.</p>}
        <LineChart series={lossSeries} xLabel="step" label={`Loss chart, ${batchLosses.length} steps: ${lossSeries.map(lastOf).join(', ')}`} />
      </figure>
      <figure className="chart-box" data-testid="f1-chart" data-points={props.history.length}>
        <h3>Validation F1 and accuracy</h3>
        <LineChart
          series={scoreSeries}
          xLabel="epoch"
          xMin={lastEpoch ? 1 : 0}
          yMax={1}
          formatValue={percentTick}
          label={lastEpoch ? `Validation scores after epoch ${lastEpoch.epoch}: macro-F1 ${formatPercent(lastEpoch.valF1)}, accuracy ${formatPercent(lastEpoch.valAccuracy)}` : 'Validation scores: no epoch finished yet'}
        />
      </figure>
    </div>
  );
});
