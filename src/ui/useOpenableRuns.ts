import { useEffect, useState } from 'react';

import { listOpenableRuns } from './latestRunActions';
import type { SavedRunChoice } from './openSavedRunOnExplain';

/** Every finished run kept in this browser, newest first, listed again whenever one of `deps` changes. */
export function useOpenableRuns(deps: readonly unknown[]): SavedRunChoice[] {
  const [choices, setChoices] = useState<SavedRunChoice[]>([]);
  useEffect(() => {
    let isCurrent = true;
    void listOpenableRuns().then((list) => isCurrent && setChoices(list));
    return () => {
      isCurrent = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what should list them again
  }, deps);
  return choices;
}
