import { formatDateTime } from '../../core/format';
import { METHOD_LABELS } from '../../core/train/trainConfig';
import { toFailure } from '../errorMessages';
import type { SavedRunChoice } from '../openSavedRunOnExplain';
import { openAndExplain } from '../latestRunActions';
import { useTrainingStore } from '../stores/trainingStore';

const choiceLabel = ({ saved, kind }: SavedRunChoice): string =>
  `${METHOD_LABELS[saved.run.config.method]}, seed ${saved.run.seed}, on ${saved.datasetName} (${kind === 'train' ? 'Train page' : 'experiment'}, ${formatDateTime(saved.savedAt)})`;

/** Which kept run Explain shows: every finished run kept in this browser, newest first; picking one opens and explains it. */
export function RunPicker({ choices }: { choices: readonly SavedRunChoice[] }) {
  const sessionModel = useTrainingStore((s) => s.sessionModel);
  const opening = useTrainingStore((s) => s.openingRun !== null);
  if (choices.length === 0) return null;
  const shownId = sessionModel?.savedId ?? sessionModel?.keptId ?? null;
  const shown = choices.find((c) => c.saved.id === shownId);
  const open = (id: string): void => {
    const choice = choices.find((c) => c.saved.id === id);
    if (choice) void openAndExplain(choice).catch((error: unknown) => useTrainingStore.setState({ error: toFailure(error) }));
  };
  return (
    <label className="run-picker">
      Run shown{' '}
      <select value={shown?.saved.id ?? ''} onChange={(e) => open(e.target.value)} disabled={opening}>
        {!shown && <option value="">{sessionModel ? sessionModel.label : 'this session’s model'}</option>}
        {choices.map((c) => (
          <option key={c.saved.id} value={c.saved.id}>
            {choiceLabel(c)}
          </option>
        ))}
      </select>
    </label>
  );
}
