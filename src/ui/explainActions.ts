// Explanations of the session's model from the page: every image's, one image's for another class, and another
// run's beside them. Answers for a model that has since been replaced are dropped.
import { METHOD_LABELS } from '../core/train/trainConfig';
import { toFailure } from './errorMessages';
import type { SavedRunChoice } from './openSavedRunOnExplain';
import { loadSavedRunBundle } from './openSavedRunOnExplain';
import { useExplainStore } from './stores/explainStore';
import { studioWorker } from './studioWorker';

const currentModel = (): number => useExplainStore.getState().modelGeneration;

/** Explains every image of the session's model, in batches, into the explain store. */
export async function explainAll(): Promise<void> {
  const model = currentModel();
  const isCurrent = (): boolean => model === currentModel();
  useExplainStore.setState({ phase: 'loading', items: [], total: 0, error: null, startedAt: performance.now(), seconds: null });
  try {
    const saliency = await studioWorker.explain({ ids: null, classIndex: null }, { onBatch: (items, total) => isCurrent() && useExplainStore.setState((s) => ({ items: [...s.items, ...items], total })) });
    if (isCurrent()) useExplainStore.setState((s) => ({ phase: 'ready', saliency, seconds: s.startedAt === null ? null : (performance.now() - s.startedAt) / 1000 }));
  } catch (error) {
    if (isCurrent()) useExplainStore.setState({ phase: 'failed', error: toFailure(error) });
  }
}

/** One image's saliency map for a chosen class, for the detail view. */
export async function explainForClass(id: string, classIndex: number): Promise<void> {
  const model = currentModel();
  try {
    await studioWorker.explain(
      { ids: [id], classIndex },
      {
        onBatch: (items) => {
          if (model !== currentModel()) return;
          useExplainStore.setState((s) => ({ detailMaps: { ...s.detailMaps, ...Object.fromEntries(items.map((item) => [`${item.id}:${item.saliencyClass}`, item.saliency])) } }));
        },
      },
    );
  } catch (error) {
    if (model === currentModel()) useExplainStore.setState({ error: toFailure(error) });
  }
}

export function comparisonLabel({ saved: { run }, kind }: SavedRunChoice): string {
  return `${METHOD_LABELS[run.config.method]}${run.config.method === 'baseline' ? '' : ` ratio ${run.config.labelRatio}`}, seed ${run.config.seed}${kind === 'train' ? ', Train page' : ''}`;
}

/** Another saved run's maps of the same images beside this model's (null stops comparing). */
export async function compareWith(choice: SavedRunChoice | null): Promise<void> {
  if (!choice) {
    useExplainStore.setState({ compare: null });
    return;
  }
  const model = currentModel();
  const label = comparisonLabel(choice);
  const isCurrent = (): boolean => model === currentModel() && useExplainStore.getState().compare?.label === label;
  useExplainStore.setState({ compare: { label, phase: 'loading', entries: {} } });
  try {
    const bytes = await loadSavedRunBundle(choice);
    await studioWorker.explainComparison(bytes, `${label}.zip`, {
      onBatch: (items) => {
        if (!isCurrent()) return;
        useExplainStore.setState((s) => {
          if (!s.compare) return {};
          const entries = { ...s.compare.entries };
          for (const item of items) entries[item.id] = { saliency: item.saliency, predicted: item.predicted, probabilities: item.probabilities };
          return { compare: { ...s.compare, entries } };
        });
      },
    });
    if (isCurrent()) useExplainStore.setState((s) => (s.compare ? { compare: { ...s.compare, phase: 'ready' } } : {}));
  } catch (error) {
    if (isCurrent()) useExplainStore.setState((s) => ({ compare: s.compare && { ...s.compare, phase: 'failed' }, error: toFailure(error) }));
  }
}
