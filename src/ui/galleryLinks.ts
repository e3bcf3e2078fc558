import { explainAll } from './explainActions';
import { showInGallery, useExplainStore } from './stores/explainStore';

/** A confusion-matrix cell opens the Explain gallery on those images, computing explanations if none exist yet. */
export function openConfusionCell(trueClass: number, predicted: number): void {
  showInGallery(trueClass, predicted);
  if (useExplainStore.getState().phase === 'idle') void explainAll();
}
