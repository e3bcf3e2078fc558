import { create } from 'zustand';

import type { TrainingBenchmark } from '../../core/train/benchmarkTraining';
import type { BackendChoice, BackendStatus } from '../../worker/protocol';

export interface BackendState {
  choice: BackendChoice;
  phase: 'starting' | 'ready' | 'failed';
  status: BackendStatus | null;
  error: string | null;
  probe: { loss: number; weightChange: number; seconds: number } | null;
  /** Training benchmarks run in this session (npm run bench:browser drives them). */
  benchmarks: TrainingBenchmark[];
}

export const useBackendStore = create<BackendState>(() => ({
  choice: 'auto',
  phase: 'starting',
  status: null,
  error: null,
  probe: null,
  benchmarks: [],
}));
