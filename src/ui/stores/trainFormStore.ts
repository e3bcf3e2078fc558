import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

import type { TrainConfig } from '../../core/train/trainConfig';
import { catalogEntry, pretrainedFor } from '../../core/model/pretrainedCatalog';
import { CLASSROOM_CONFIG, REPORT_CONFIG } from '../../core/train/trainConfig';
import { trainConfigSchema } from '../../core/train/trainConfigSchema';
import { DEFAULT_DEMO, loadDemo, useDatasetStore } from './datasetStore';

/**
 * The Train page's form: the run configuration being edited, kept in localStorage so a reload keeps what was typed.
 * A stored config that no longer passes the schema (an older studio's) gives way to the preset instead of breaking the page.
 */
export const useTrainFormStore = create<{ config: TrainConfig }>()(
  persist(() => ({ config: CLASSROOM_CONFIG }), {
    name: 'saliency-studio-train-form',
    version: 1,
    storage: createJSONStorage(() => localStorage),
    merge: (stored, current) => {
      const parsed = trainConfigSchema.safeParse((stored as { config?: unknown } | null)?.config);
      return parsed.success ? { ...current, config: parsed.data } : current;
    },
  }),
);

export function updateConfig(patch: Partial<TrainConfig>): void {
  useTrainFormStore.setState((s) => ({ config: { ...s.config, ...patch } }));
}

/** The report's settings started from ImageNet weights (the backbone's catalog entry, downloaded on the Train page). */
export function applyReportPretrainedPreset(): void {
  updateConfig({ ...REPORT_CONFIG, pretrained: pretrainedFor(REPORT_CONFIG.backbone)!.id });
}

/**
 * The Classroom preset changes settings, never the data a user chose: only when no dataset is stored at all does it
 * make the classroom shapes (without a background shortcut), so the preset has something to train on.
 */
export async function applyClassroomPreset(pretrained: string | null): Promise<void> {
  // The catalog's ImageNet weights are full width and the preset's model is not: those cannot carry over.
  updateConfig({ ...CLASSROOM_CONFIG, pretrained: catalogEntry(pretrained) ? null : pretrained });
  if (useDatasetStore.getState().datasets.length === 0) await loadDemo(DEFAULT_DEMO);
}
