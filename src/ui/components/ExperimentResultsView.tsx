import type { SavedExperimentRun } from '../../browser/experimentsDb';
import { majorityReference } from '../../core/metrics/classification';
import { useTrainingStore } from '../stores/trainingStore';
import { OpeningRunNotice } from './OpeningRunNotice';
import { downloadFile } from '../../browser/download';
import type { RunFailure } from '../../core/experiments/summarizeRuns';
import { experimentResults, resultsCsv, summaryTable } from '../../core/experiments/summarizeRuns';
import { formatPercent } from '../../core/format';
import { clearExperiments, downloadRunBundle, openRunOnExplain } from '../experimentRunner';
import { isLessonDataset, lessonRuns } from '../lessonActions';
import { useDatasetStore } from '../stores/datasetStore';
import { useExperimentStore } from '../stores/experimentStore';
import { ShortcutLesson } from './ShortcutLesson';
import { ConfirmButton } from './ConfirmButton';

const pct = (x: number | null): string => formatPercent(x, { unit: false });

/** The report-style table over every finished run, the downloads, and each run to open or export. */
export function ExperimentResultsView({ saved, failures, busy }: { saved: SavedExperimentRun[]; failures: RunFailure[]; busy: boolean }) {
  const datasets = useDatasetStore((s) => s.datasets);
  const picture = useExperimentStore((s) => s.lesson);
  const opening = useTrainingStore((s) => s.openingRun !== null);
  if (saved.length === 0 && failures.length === 0) return null;
  const results = experimentResults(saved.map((s) => s.run), failures);
  const [header, ...rows] = summaryTable(results.summary);
  const lessonDatasets = [...new Set(saved.map((s) => s.datasetId))].filter((id) => isLessonDataset(datasets.find((d) => d.id === id)));
  return (
    <>
      {lessonDatasets.map((id) => (
        <ShortcutLesson key={id} runs={lessonRuns(saved, id).map((s) => s.run)} picture={picture?.datasetId === id ? picture : null} datasetId={id} busy={busy} />
      ))}
      <section className="card" aria-labelledby="results-title">
        <h3 id="results-title">Results (test split, % as mean ± std over seeds)</h3>
        <div style={{ overflowX: 'auto' }}>
          <table data-testid="experiment-table">
            <thead>
              <tr>
                {header!.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.slice(0, 4).join('/')}>
                  {row.map((c, i) => (
                    <td key={i}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {[...new Map(saved.map((s) => [s.datasetId, s])).values()].map((s) => {
          const reference = majorityReference(s.run.test);
          return (
            <p key={s.datasetId} className="muted" data-testid="experiment-reference">
              Read against: on {s.datasetName}’s test split, always answering {reference.balanced ? 'any one class (they are the same size)' : `“${reference.label}” (its largest class)`} scores accuracy {formatPercent(reference.accuracy)} and F1{' '}
              {formatPercent(reference.f1)}; guessing at random, {formatPercent(reference.chance)}.
            </p>
          );
        })}
        <OpeningRunNotice />
        <div className="row" style={{ marginTop: '0.6rem' }}>
          <button onClick={() => downloadFile('results.json', JSON.stringify(results, null, 2), 'application/json')}>Download results.json</button>
          <button className="secondary" onClick={() => downloadFile('results.csv', resultsCsv(results.runs), 'text/csv')}>
            Download results.csv
          </button>
          <ConfirmButton question="Delete every finished experiment run from this browser?" onConfirm={() => void clearExperiments()} disabled={busy}>
            Clear finished runs
          </ConfirmButton>
        </div>
        {failures.length > 0 && (
          <ul className="problems" data-testid="experiment-failures">
            {failures.map((f, i) => (
              <li key={i}>
                {f.config.method}, ratio {f.config.labelRatio}, seed {f.seed}: {f.error}
              </li>
            ))}
          </ul>
        )}
        <details>
          <summary>Every run ({saved.length})</summary>
          <table data-testid="experiment-runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">F1 %</th>
                <th scope="col">CAM in mask %</th>
                <th scope="col">SPN IoU %</th>
                <th scope="col">Backend</th>
                <th scope="col">Time (s)</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {saved.map((s) => {
                const c = s.run.config;
                const label = `${c.method}, ratio ${c.labelRatio}, seed ${c.seed}`;
                return (
                  <tr key={s.id}>
                    <td>
                      {label} <span className="muted">({s.datasetName})</span>
                    </td>
                    <td>{pct(s.run.test.f1)}</td>
                    <td>{pct(s.run.saliency.camEnergyInMask)}</td>
                    <td>{pct(s.run.saliency.spnIoU)}</td>
                    <td>{s.run.backend}</td>
                    <td>{s.run.timing.totalSeconds.toFixed(0)}</td>
                    <td className="row">
                      <button disabled={busy || opening} onClick={() => void openRunOnExplain(s)} aria-label={`Open ${label} on the Explain page`}>
                        Explain
                      </button>
                      <button className="secondary" onClick={() => void downloadRunBundle(s)} aria-label={`Download the bundle of ${label}`}>
                        Bundle
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      </section>
    </>
  );
}
