import { create } from 'zustand';

import type { TrainingBenchmark } from '../../core/train/benchmarkTraining';
import type { TrainConfig } from '../../core/train/trainConfig';
import type { BackendChoice, BackendStatus, ProbeResult } from '../../worker/protocol';
import type { Failure } from '../errorMessages';

export interface BackendState {
  choice: BackendChoice;
  phase: 'starting' | 'ready' | 'failed';
  status: BackendStatus | null;
  error: Failure | null;
  probe: ProbeResult | null;
  /** Training benchmarks run in this session (npm run bench drives them), with the config they timed. */
  benchmarks: Array<TrainingBenchmark & { config?: TrainConfig }>;
  /** auto timing WebGPU against WASM on the configuration about to train: which one, steps done of total. */
  measuring: { backend: string; done: number; total: number } | null;
  /** The speed check in progress (steps done of total) and its last failure, shown where it was asked. */
  speed: { isMeasuring: boolean; done: number; total: number; error: Failure | null };
}

export const useBackendStore = create<BackendState>(() => ({
  choice: 'auto',
  phase: 'starting',
  status: null,
  error: null,
  probe: null,
  benchmarks: [],
  measuring: null,
  speed: { isMeasuring: false, done: 0, total: 0, error: null },
}));
