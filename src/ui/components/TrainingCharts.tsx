import { memo, useDeferredValue, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import type { HistoryEntry } from '../../core/train/trainingEvents';
import { downsample, smooth } from '../chartData';
import type { TrainingState } from '../stores/trainingStore';

/** Points the loss chart draws at most: longer runs are averaged into this many, so a redraw stays cheap. */
const MAX_POINTS = 300;

/**
 * Live loss (per batch, and per epoch for train and validation) and validation F1/accuracy per epoch. The charts
 * redraw from a deferred copy of the data, so React can pause their rendering for input and the page never blocks.
 */
export const TrainingCharts = memo(function TrainingCharts(props: { batchLosses: TrainingState['batchLosses']; history: HistoryEntry[]; batchesPerEpoch: number }) {
  const batchLosses = useDeferredValue(props.batchLosses);
  const history = useDeferredValue(props.history);
  const { batchesPerEpoch } = props;
  const lossData = useMemo(() => {
    const total = smooth(batchLosses.map((b) => b.loss));
    const classification = smooth(batchLosses.map((b) => b.classificationLoss));
    const localization = smooth(batchLosses.map((b) => b.localizationLoss));
    const steps = downsample(batchLosses.map((b, i) => ({ step: b.step, batchLoss: b.loss, total: total[i]!, classification: classification[i]!, localization: localization[i]! })), MAX_POINTS);
    // Epoch points sit at the step where their epoch ended, so step and epoch series share one x axis.
    return [...steps, ...history.map((h) => ({ step: h.epoch * batchesPerEpoch, trainLoss: h.trainLoss, valLoss: h.valLoss }))].sort((a, b) => a.step - b.step);
  }, [batchLosses, history, batchesPerEpoch]);
  const scoreData = useMemo(() => history.map((h) => ({ epoch: h.epoch, valF1: h.valF1, valAccuracy: h.valAccuracy })), [history]);
  return (
    <div className="charts">
      <figure className="chart-box" data-testid="loss-chart" data-points={props.batchLosses.length}>
        <h3>Training loss per step, and validation loss per epoch</h3>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={lossData} margin={{ top: 5, right: 16, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} label={{ value: 'batch', position: 'insideBottom', offset: -8 }} />
            <YAxis domain={[0, 'auto']} />
            <Tooltip />
            <Legend verticalAlign="top" />
            <Line name="step loss (raw)" dataKey="batchLoss" stroke="#c9d1e4" dot={false} isAnimationActive={false} connectNulls />
            <Line name="total (smoothed)" dataKey="total" stroke="#2456d6" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
            <Line name="classification" dataKey="classification" stroke="#1f9d55" dot={false} isAnimationActive={false} connectNulls />
            <Line name="localization" dataKey="localization" stroke="#d69e1f" dot={false} isAnimationActive={false} connectNulls />
            <Line name="val loss (epoch)" dataKey="valLoss" stroke="#d6501f" strokeWidth={2} isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart-box" data-testid="f1-chart" data-points={props.history.length}>
        <h3>Validation F1 and accuracy</h3>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={scoreData} margin={{ top: 5, right: 16, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} label={{ value: 'epoch', position: 'insideBottom', offset: -8 }} />
            <YAxis domain={[0, 1]} />
            <Tooltip />
            <Legend verticalAlign="top" />
            <Line name="val macro-F1" dataKey="valF1" stroke="#1f9d55" strokeWidth={2} isAnimationActive={false} />
            <Line name="val accuracy" dataKey="valAccuracy" stroke="#8a4fd6" strokeWidth={2} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
});
