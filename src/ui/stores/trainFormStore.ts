import { create } from 'zustand';

import type { TrainConfig } from '../../core/train/trainConfig';
import { CLASSROOM_CONFIG } from '../../core/train/trainConfig';
import { DEFAULT_DEMO, loadDemo, useDatasetStore } from './datasetStore';

/** The Train page's form: the run configuration being edited. */
export const useTrainFormStore = create<{ config: TrainConfig }>(() => ({ config: CLASSROOM_CONFIG }));

export function updateConfig(patch: Partial<TrainConfig>): void {
  useTrainFormStore.setState((s) => ({ config: { ...s.config, ...patch } }));
}

/**
 * The Classroom preset: its settings, on demo data that makes its result worth showing. A generated demo already
 * chosen stays; otherwise the classroom shapes without a background shortcut are chosen (made when missing).
 */
export async function applyClassroomPreset(pretrained: string | null): Promise<void> {
  updateConfig({ ...CLASSROOM_CONFIG, pretrained });
  const { datasets, selectedId } = useDatasetStore.getState();
  if (!datasets.find((d) => d.id === selectedId)?.demo) await loadDemo(DEFAULT_DEMO);
}
