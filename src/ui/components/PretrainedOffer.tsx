import { useEffect, useRef, useState } from 'react';

import { downloadWeights } from '../../browser/downloadWeights';
import type { StoredWeights } from '../../browser/pretrainedDb';
import { deleteStoredWeights, listStoredWeights, storeWeights } from '../../browser/pretrainedDb';
import { formatBytes } from '../../core/format';
import type { TrainConfig } from '../../core/train/trainConfig';
import { catalogEntry, pretrainedFor } from '../../core/model/pretrainedCatalog';
import type { Failure } from '../errorMessages';
import { toFailure } from '../errorMessages';
import { useDatasetStore } from '../stores/datasetStore';
import { updateConfig } from '../stores/trainFormStore';
import { ErrorNotice } from './ErrorNotice';

/** Below this many images a run from scratch rarely learns much: the offer says it is recommended. */
const SMALL_DATASET = 5000;

/**
 * The backbone's standard ImageNet weights, one click away: named with host, licence and size, downloaded only on
 * that click (progress, Cancel), checked, kept in this browser for offline use, used or deleted from here.
 */
export function PretrainedOffer({ config, onUse }: { config: TrainConfig; onUse: () => void }) {
  const entry = pretrainedFor(config.backbone);
  const imageCount = useDatasetStore((s) => s.datasets.find((d) => d.id === s.selectedId)?.imageCount ?? null);
  const [stored, setStored] = useState<StoredWeights[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number | null } | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const abort = useRef<AbortController | null>(null);
  const refresh = (): Promise<void> => listStoredWeights().then(setStored);
  useEffect(() => {
    void refresh();
    return () => abort.current?.abort();
  }, []);
  if (!entry) return null;
  const mine = stored.find((w) => w.catalogId === entry.id) ?? null;
  const inUse = config.pretrained === entry.id;
  const others = stored.filter((w) => w.catalogId !== entry.id);

  const download = async (): Promise<void> => {
    abort.current = new AbortController();
    setFailure(null);
    setProgress({ done: 0, total: null });
    try {
      const bytes = await downloadWeights(entry, { signal: abort.current.signal, onProgress: (done, total) => setProgress({ done, total }) });
      await storeWeights(entry.id, entry.url, bytes);
      await refresh();
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };
  const use = (): void => {
    // The published weights are full width: the model must be too, or no tensor fits.
    updateConfig({ pretrained: entry.id, width: 1 });
    onUse();
  };
  const remove = async (): Promise<void> => {
    if (mine) await deleteStoredWeights(mine.id);
    if (inUse) updateConfig({ pretrained: null });
    await refresh();
  };
  return (
    <div className="pretrained-offer" data-testid="pretrained-offer">
      <p>
        <strong>Start from ImageNet weights</strong>
        {imageCount !== null && imageCount <= SMALL_DATASET && ` (recommended: ${imageCount} images is a small dataset, and a backbone trained from scratch on it rarely learns much)`}:{' '}
        {entry.label}, {entry.licence}, from {entry.host}.
      </p>
      <div className="row">
        {mine ? (
          <>
            <span data-testid="stored-weights">Stored in this browser ({formatBytes(mine.sizeBytes)}), usable offline.</span>
            {inUse ? <span className="muted">In use: the run starts from them (at width 1).</span> : <button onClick={use}>Use them (sets width 1)</button>}
            <button className="secondary" onClick={() => void remove()}>
              Delete the stored weights
            </button>
          </>
        ) : progress ? (
          <>
            <label>
              Downloading {entry.label}: {formatBytes(progress.done)}
              {progress.total ? ` of ${formatBytes(progress.total)}` : ''}{' '}
              <progress value={progress.done} max={progress.total ?? undefined} />
            </label>
            <button className="secondary" onClick={() => abort.current?.abort()}>
              Cancel download
            </button>
          </>
        ) : (
          <button className="secondary" onClick={() => void download()}>
            Download {entry.label} (about {formatBytes(entry.approxBytes)} from {entry.host})
          </button>
        )}
      </div>
      {others.length > 0 && (
        <ul className="muted" aria-label="Other stored weights">
          {others.map((w) => (
            <li key={w.id}>
              Also stored: {catalogEntry(w.catalogId)?.label ?? w.catalogId} ({formatBytes(w.sizeBytes)}), for the {catalogEntry(w.catalogId)?.backbone ?? 'other'} backbone{' '}
              <button className="secondary" onClick={() => void deleteStoredWeights(w.id).then(refresh)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {failure && <ErrorNotice failure={failure} onRetry={() => void download()} testId="weights-error" />}
    </div>
  );
}
