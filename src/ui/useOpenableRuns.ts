import { useEffect, useState } from 'react';

import { listOpenableRuns } from './latestRunActions';
import type { SavedRunChoice } from './openSavedRunOnExplain';
import { useExperimentStore } from './stores/experimentStore';
import { useTrainingStore } from './stores/trainingStore';

/**
 * Every finished run kept in this browser, newest first: listed again when the model shown changes or a run is kept
 * or deleted (on the Train page or by an experiment).
 */
export function useOpenableRuns(): SavedRunChoice[] {
  const result = useTrainingStore((s) => s.result);
  const kept = useTrainingStore((s) => s.kept);
  const saved = useExperimentStore((s) => s.saved);
  const [choices, setChoices] = useState<SavedRunChoice[]>([]);
  useEffect(() => {
    let isCurrent = true;
    void listOpenableRuns().then((list) => isCurrent && setChoices(list));
    return () => {
      isCurrent = false;
    };
  }, [result, kept, saved]);
  return choices;
}
