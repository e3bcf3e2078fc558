import { useEffect } from 'react';

import { formatPercent } from '../../core/format';
import type { RunResult } from '../../core/train/trainingEvents';
import { compareWith, comparisonLabel } from '../explainActions';
import { refreshExperimentRuns } from '../experimentRunner';
import { useExperimentStore } from '../stores/experimentStore';
import { useExplainStore } from '../stores/explainStore';

/**
 * Picks a finished run of the other method on the same dataset, seed (hence split) and size, whose Grad-CAM then
 * shows beside this model's in the gallery and the detail view.
 */
export function CompareControl({ result, datasetId }: { result: RunResult; datasetId: string | null }) {
  const saved = useExperimentStore((s) => s.saved);
  const compare = useExplainStore((s) => s.compare);
  useEffect(() => {
    void refreshExperimentRuns();
  }, []);
  const c = result.config;
  const candidates = saved.filter((s) => s.datasetId === datasetId && s.run.config.seed === c.seed && s.run.config.imageSizePx === c.imageSizePx && s.run.config.method !== c.method);
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
        value={candidates.find((s) => compare?.label === comparisonLabel(s.run))?.id ?? ''}
        onChange={(e) => void compareWith(candidates.find((s) => s.id === e.target.value) ?? null)}
      >
        <option value="">nothing</option>
        {candidates.map((s) => (
          <option key={s.id} value={s.id}>
            {comparisonLabel(s.run)} (F1 {formatPercent(s.run.test.f1)})
          </option>
        ))}
      </select>
      {compare?.phase === 'loading' && <span role="status"> computing its maps…</span>}
    </label>
  );
}
