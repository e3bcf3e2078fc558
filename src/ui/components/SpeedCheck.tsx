import { memo } from 'react';
import { formatPercent } from '../../core/format';
import { cancelSpeedCheck, measureSpeed } from '../backendActions';
import { useBackendStore } from '../stores/backendStore';
import { useTrainFormStore } from '../stores/trainFormStore';
import { ErrorNotice } from './ErrorNotice';

const STEPS = 3;
const WARMUP_STEPS = 2;

/** Measures this machine's training speed for the configuration in the form, on the current backend. */
function SpeedCheckView({ disabled }: { disabled: boolean }) {
  const config = useTrainFormStore((s) => s.config);
  const { benchmarks, status, phase, speed } = useBackendStore();
  return (
    <section className="card" aria-label="Training speed">
      <div className="row">
        <button className="secondary" disabled={disabled || phase !== 'ready' || speed.isMeasuring} onClick={() => void measureSpeed(config, STEPS)}>
          Measure training speed
        </button>
        {speed.isMeasuring && (
          <>
            <span role="status" data-testid="speed-progress">
              Measuring: step {Math.min(speed.done + 1, speed.total || WARMUP_STEPS + STEPS + 1)} of {speed.total || WARMUP_STEPS + STEPS + 1} (the first {WARMUP_STEPS} warm up, the last is profiled)
            </span>
            <button className="secondary" onClick={cancelSpeedCheck}>
              Cancel
            </button>
          </>
        )}
        {!speed.isMeasuring && (
          <span className="muted">
            {STEPS} steps of the configuration above on {status?.backend ?? 'the current backend'}, after {WARMUP_STEPS} warm-up steps
          </span>
        )}
      </div>
      {speed.error && <ErrorNotice failure={speed.error} onRetry={() => void measureSpeed(config, STEPS)} testId="speed-error" />}
      {benchmarks.length > 0 && (
        <>
          <table aria-label="Measured training speed" data-testid="speed-table">
            <thead>
              <tr>
                <th>Backend</th>
                <th>Method</th>
                <th>Image size</th>
                <th>Batch</th>
                <th>s / step</th>
                <th>Images / s</th>
              </tr>
            </thead>
            <tbody>
              {benchmarks.map((b, i) => (
                <tr key={i}>
                  <td>{b.backend}</td>
                  <td>{b.method}</td>
                  <td>{b.imageSizePx} px</td>
                  <td>{b.batchSize}</td>
                  <td>{b.secondsPerStep.toFixed(2)}</td>
                  <td>{b.imagesPerSecond.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {/* For whoever tunes the backends: what a step costs in kernels, reads and dispatches, and where its time goes. */}
          <details className="advanced" data-testid="speed-advanced">
            <summary>Advanced: kernels, reads and dispatches per step</summary>
            <table aria-label="Training step diagnostics" data-testid="speed-diagnostics">
              <thead>
                <tr>
                  <th>Backend</th>
                  <th>Method</th>
                  <th title="Kernel calls in one training step">Kernels / step</th>
                  <th title="Reads back to the CPU per step (losses are read every 10 steps)">Reads / step</th>
                  <th title="WebGPU compute dispatches per step">Dispatches / step</th>
                  <th title="WebGPU command buffers submitted per step">Submits / step</th>
                  <th title="JavaScript time to issue a step (on WASM and CPU it includes the kernels' work)">JS ms / step</th>
                  <th className="text">Slowest kernels (one profiled step)</th>
                </tr>
              </thead>
              <tbody>
                {benchmarks.map((b, i) => (
                  <tr key={i}>
                    <td>{b.backend}</td>
                    <td>{b.method}</td>
                    <td>{b.kernelsPerStep}</td>
                    <td>{b.readsPerStep.toFixed(2)}</td>
                    <td>{b.dispatchesPerStep === null ? '–' : b.dispatchesPerStep.toFixed(0)}</td>
                    <td>{b.submitsPerStep === null ? '–' : b.submitsPerStep.toFixed(0)}</td>
                    <td>{b.jsMsPerStep.toFixed(0)}</td>
                    <td className="text">{b.topKernels.length ? b.topKernels.map((k) => `${k.name} ${Math.round(k.milliseconds)} ms (${formatPercent(k.share, { digits: 0 })})`).join(', ') : 'not timed on this backend'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

/** Memoized: the Train page re-renders on every burst of training steps, and this part does not change with them. */
export const SpeedCheck = memo(SpeedCheckView);
