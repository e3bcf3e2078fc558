import { memo } from 'react';

import { downloadFile } from '../../browser/download';
import type { RunResult } from '../../core/train/trainingEvents';
import { formatPercent } from '../../core/format';
import { openConfusionCell } from '../galleryLinks';
import { majorityReference } from '../../core/metrics/classification';
import { ConfusionMatrix } from './ConfusionMatrix';

const pct = (x: number | null): string => formatPercent(x, { unit: false });

/** The report's table: per-class precision, sensitivity, specificity and F1 with their averages, the confusion matrix, and SPN overlap. */
function TestResultsView({ result }: { result: RunResult }) {
  const { test, saliency } = result;
  const trained = result.history.length;
  const reference = majorityReference(test);
  const marginPoints = Math.round(100 * (test.accuracy - reference.accuracy));
  return (
    <section className="card" aria-label="Test results">
      <h3>
        Test results: epoch {result.bestEpoch} of the {trained} trained{result.stoppedAfterEpoch !== undefined ? ' before Stop' : ''} (the best by validation F1), {result.split.test} test images
      </h3>
      <p>
        <button className="secondary" onClick={() => downloadFile(`run-seed${result.seed}.json`, JSON.stringify(result, null, 2), 'application/json')}>
          Download run (JSON: config, history, test metrics)
        </button>
      </p>
      <table aria-label="Test metrics" data-testid="test-table">
        <thead>
          <tr>
            <th>Class</th>
            <th>Precision %</th>
            <th>Sensitivity %</th>
            <th>Specificity %</th>
            <th>F1 %</th>
            <th>Support</th>
          </tr>
        </thead>
        <tbody>
          {test.perClass.map((c) => (
            <tr key={c.label}>
              <td>{c.label}</td>
              <td>{pct(c.precision)}</td>
              <td>{pct(c.sensitivity)}</td>
              <td>{pct(c.specificity)}</td>
              <td>{pct(c.f1)}</td>
              <td>{c.support}</td>
            </tr>
          ))}
          <tr>
            <td>
              <strong>Average</strong>
            </td>
            <td>{pct(test.precision)}</td>
            <td>{pct(test.sensitivity)}</td>
            <td>{pct(test.specificity)}</td>
            <td data-testid="test-f1">{pct(test.f1)}</td>
            <td />
          </tr>
        </tbody>
      </table>
      <p data-testid="majority-reference" data-accuracy={reference.accuracy} data-f1={reference.f1}>
        Read against: always answering {reference.balanced ? 'any one class (they are the same size)' : `“${reference.label}”, the largest class,`} scores accuracy {pct(reference.accuracy)} % and macro-F1 {pct(reference.f1)} % on these test
        images; guessing at random, {pct(reference.chance)} %.{' '}
        {marginPoints <= 5
          ? `This model's accuracy is ${marginPoints <= 0 ? 'no better than' : `only ${marginPoints} points above`} that: it has not learnt much beyond the class sizes.`
          : `This model's accuracy is ${marginPoints} points above it.`}
      </p>
      <p>
        Accuracy {pct(test.accuracy)} % · SPN IoU {pct(saliency.spnIoU)} % · SPN Dice {pct(saliency.spnDice)} % (on {saliency.maskedTestImages} test images with a mask) ·{' '}
        {result.timing.imagesPerSecond.toFixed(1)} training images/s
      </p>
      {result.config.method !== 'baseline' && saliency.spnIoU !== null && saliency.spnIoU < 0.05 && (
        <p className="muted" data-testid="spn-not-learned">
          SPN IoU under 5 % means the tested SPN (epoch {result.bestEpoch}) has not learnt the masks yet, not that the masks are broken: its output is still close to
          uniform, so thresholded at 0.5 it covers almost nothing.{' '}
          {result.bestEpoch < trained
            ? `The classifier's validation F1 peaked at epoch ${result.bestEpoch}, so the SPN of the ${trained} epochs trained was not the one tested; more epochs would not change which checkpoint is chosen unless the classifier also improves.`
            : `It was tested at the last epoch trained, so more epochs may help.`}{' '}
          Its maps are on the Explain page.
        </p>
      )}
      <ConfusionMatrix confusion={test.confusion} classNames={result.classNames} onCellClick={openConfusionCell} />
    </section>
  );
}

/** Memoized: the Train page re-renders on every burst of training steps, and this part does not change with them. */
export const TestResults = memo(TestResultsView);
