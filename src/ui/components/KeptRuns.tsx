import { memo } from 'react';

import { useTrainingStore } from '../stores/trainingStore';
import { OpeningRunNotice } from './OpeningRunNotice';
import { formatDateTime, formatPercent } from '../../core/format';
import { METHOD_LABELS } from '../../core/train/trainConfig';
import { downloadKeptRun, openKeptRun, removeKeptRun } from '../keptRunActions';
import type { KeptRun } from '../../browser/trainRunsDb';
import { ConfirmButton } from './ConfirmButton';

/** Finished Train-page runs kept in this browser: open one on Explain, download its model or its numbers, delete it. */
function KeptRunsView({ runs, disabled }: { runs: KeptRun[]; disabled: boolean }) {
  const opening = useTrainingStore((s) => s.openingRun !== null);
  if (runs.length === 0) return null;
  return (
    <section className="card" aria-labelledby="kept-runs-title">
      <h3 id="kept-runs-title">Finished runs kept in this browser</h3>
      <OpeningRunNotice />
      <div className="table-scroll">
        <table data-testid="kept-runs">
          <thead>
            <tr>
              <th scope="col">Finished</th>
              <th scope="col" className="text">Dataset</th>
              <th scope="col" className="text">Method</th>
              <th scope="col">Epochs</th>
              <th scope="col" className="nowrap">Test F1</th>
              <th scope="col" className="text">Actions</th>
            </tr>
          </thead>
          <tbody>
            {[...runs].reverse().map((r) => {
              const label = `${METHOD_LABELS[r.run.config.method]} run on ${r.datasetName} (${formatDateTime(r.savedAt)})`;
              return (
                <tr key={r.id}>
                  <td className="nowrap">{formatDateTime(r.savedAt)}</td>
                  <td className="text">{r.datasetName}</td>
                  <td className="text nowrap">{METHOD_LABELS[r.run.config.method]}, seed {r.run.seed}</td>
                  <td>{r.run.history.length}</td>
                  <td className="nowrap">{formatPercent(r.run.test.f1)}</td>
                  <td className="row">
                    <button disabled={disabled || opening} onClick={() => void openKeptRun(r)} aria-label={`Open the ${label} on the Explain page`}>
                      Open on Explain
                    </button>
                    <button className="secondary" onClick={() => void downloadKeptRun(r, 'bundle')} aria-label={`Download the model of the ${label}`}>
                      Model (.zip)
                    </button>
                    <button className="secondary" onClick={() => void downloadKeptRun(r, 'json')} aria-label={`Download the numbers of the ${label}`}>
                      Numbers (.json)
                    </button>
                    <ConfirmButton question={`Delete the ${label}?`} onConfirm={() => void removeKeptRun(r)} disabled={disabled} label={`Delete the ${label}`}>
                      Delete
                    </ConfirmButton>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export const KeptRuns = memo(KeptRunsView);
