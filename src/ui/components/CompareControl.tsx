import { formatPercent } from '../../core/format';
import type { RunResult } from '../../core/train/trainingEvents';
import { compareWith, comparisonLabel } from '../explainActions';
import type { SavedRunChoice } from '../openSavedRunOnExplain';
import { useExplainStore } from '../stores/explainStore';

/**
 * Picks a finished run of the other method on the same dataset, seed (hence split) and size, whose Grad-CAM then
 * shows beside this model's in the gallery and the detail view. `choices` are the kept runs (experiments' and the
 * Train page's) the page lists.
 */
export function CompareControl({ result, datasetId, choices }: { result: RunResult; datasetId: string | null; choices: readonly SavedRunChoice[] }) {
  const compare = useExplainStore((s) => s.compare);
  const c = result.config;
  const candidates = choices.filter(({ saved: s }) => s.datasetId === datasetId && s.run.config.seed === c.seed && s.run.config.imageSizePx === c.imageSizePx && s.run.config.method !== c.method);
  const other = c.method === 'baseline' ? 'mask-trained (SPN or mask-guided)' : 'baseline';
  if (candidates.length === 0) {
    return (
      <p className="muted">
        No {other} run on this dataset with seed {c.seed} (the same split) at {c.imageSizePx} px yet: run one on the <a href="#/experiments">Experiments</a> page to
        compare Grad-CAM side by side.
      </p>
    );
  }
  return (
    <label>
      Compare with{' '}
      <select
        value={candidates.find((choice) => compare?.label === comparisonLabel(choice))?.saved.id ?? ''}
        onChange={(e) => void compareWith(candidates.find((choice) => choice.saved.id === e.target.value) ?? null)}
      >
        <option value="">nothing</option>
        {candidates.map((choice) => (
          <option key={choice.saved.id} value={choice.saved.id}>
            {comparisonLabel(choice)} (F1 {formatPercent(choice.saved.run.test.f1)})
          </option>
        ))}
      </select>
      {compare?.phase === 'loading' && <span role="status"> computing its maps…</span>}
    </label>
  );
}
