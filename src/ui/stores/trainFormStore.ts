import { create } from 'zustand';

import type { TrainConfig } from '../../core/train/trainConfig';
import { QUICK_CONFIG } from '../../core/train/trainConfig';

/** The Train page's form: the run configuration being edited. */
export const useTrainFormStore = create<{ config: TrainConfig }>(() => ({ config: QUICK_CONFIG }));

export function updateConfig(patch: Partial<TrainConfig>): void {
  useTrainFormStore.setState((s) => ({ config: { ...s.config, ...patch } }));
}
