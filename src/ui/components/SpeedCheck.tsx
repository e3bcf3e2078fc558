import type { ReactNode } from 'react';
import { memo } from 'react';
import { formatPercent } from '../../core/format';
import type { TrainingBenchmark } from '../../core/train/benchmarkTraining';
import { cancelSpeedCheck, measureSpeed } from '../backendActions';
import { useBackendStore } from '../stores/backendStore';
import { useTrainFormStore } from '../stores/trainFormStore';
import { ErrorNotice } from './ErrorNotice';

const STEPS = 3;
const WARMUP_STEPS = 2;

interface Column {
  head: string;
  title?: string;
  /** 'text' columns are left-aligned. */
  className?: string;
  cell: (b: TrainingBenchmark) => ReactNode;
}

/** Which measurement a row is: both tables start with these. */
const ROW_NAME: Column[] = [
  { head: 'Backend', cell: (b) => b.backend },
  { head: 'Method', cell: (b) => b.method },
];

const SPEED_COLUMNS: Column[] = [
  ...ROW_NAME,
  { head: 'Image size', cell: (b) => `${b.imageSizePx} px` },
  { head: 'Batch', cell: (b) => b.batchSize },
  { head: 's / step', cell: (b) => b.secondsPerStep.toFixed(2) },
  { head: 'Images / s', cell: (b) => b.imagesPerSecond.toFixed(2) },
];

const DIAGNOSTIC_COLUMNS: Column[] = [
  ...ROW_NAME,
  { head: 'Kernels / step', title: 'Kernel calls in one training step', cell: (b) => b.kernelsPerStep },
  { head: 'Reads / step', title: 'Reads back to the CPU per step (losses are read every 10 steps)', cell: (b) => b.readsPerStep.toFixed(2) },
  { head: 'Dispatches / step', title: 'WebGPU compute dispatches per step', cell: (b) => (b.dispatchesPerStep === null ? '–' : b.dispatchesPerStep.toFixed(0)) },
  { head: 'Submits / step', title: 'WebGPU command buffers submitted per step', cell: (b) => (b.submitsPerStep === null ? '–' : b.submitsPerStep.toFixed(0)) },
  { head: 'JS ms / step', title: "JavaScript time to issue a step (on WASM and CPU it includes the kernels' work)", cell: (b) => b.jsMsPerStep.toFixed(0) },
  {
    head: 'Slowest kernels (one profiled step)',
    className: 'text',
    cell: (b) => (b.topKernels.length ? b.topKernels.map((k) => `${k.name} ${Math.round(k.milliseconds)} ms (${formatPercent(k.share, { digits: 0 })})`).join(', ') : 'not timed on this backend'),
  },
];

function BenchmarkTable({ label, testId, benchmarks, columns }: { label: string; testId: string; benchmarks: readonly TrainingBenchmark[]; columns: readonly Column[] }) {
  return (
    <table aria-label={label} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.head} title={c.title} className={c.className}>
              {c.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {benchmarks.map((b, i) => (
          <tr key={i}>
            {columns.map((c) => (
              <td key={c.head} className={c.className}>
                {c.cell(b)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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
          <BenchmarkTable label="Measured training speed" testId="speed-table" benchmarks={benchmarks} columns={SPEED_COLUMNS} />
          {/* For whoever tunes the backends: what a step costs in kernels, reads and dispatches, and where its time goes. */}
          <details className="advanced" data-testid="speed-advanced">
            <summary>Advanced: kernels, reads and dispatches per step</summary>
            <BenchmarkTable label="Training step diagnostics" testId="speed-diagnostics" benchmarks={benchmarks} columns={DIAGNOSTIC_COLUMNS} />
          </details>
        </>
      )}
    </section>
  );
}

/** Memoized: the Train page re-renders on every burst of training steps, and this part does not change with them. */
export const SpeedCheck = memo(SpeedCheckView);
