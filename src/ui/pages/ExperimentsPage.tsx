import { useEffect, useState } from 'react';

import { formatDuration } from '../../core/format';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { ExperimentForm } from '../components/ExperimentForm';
import { ExperimentResultsView } from '../components/ExperimentResultsView';
import { cancelExperiment, plannedRuns, refreshExperimentRuns, runExperiment } from '../experimentRunner';
import { runShortcutLesson } from '../lessonActions';
import { refreshDatasets, useDatasetStore } from '../stores/datasetStore';
import { useExperimentStore } from '../stores/experimentStore';

function Progress() {
  const { queue, current, phase } = useExperimentStore();
  const progress = useExperimentStore((s) => s.progress);
  if (queue.length === 0) return null;
  const run = queue[current];
  const done = queue.filter((q) => q.status === 'done' || q.status === 'failed');
  const averageSeconds = done.length ? done.reduce((a, q) => a + (q.seconds ?? 0), 0) / done.length : null;
  const remaining = queue.filter((q) => q.status === 'queued').length + (phase === 'running' ? 1 : 0);
  const eta = averageSeconds !== null && phase === 'running' ? formatDuration(averageSeconds * remaining) : null;
  return (
    <section className="card" aria-label="Experiment progress">
      <div
        role="status"
        data-testid="experiment-progress"
        data-phase={phase}
        data-run={current + 1}
        data-runs={queue.length}
        data-epoch={phase === 'running' ? (progress?.epoch ?? 0) : 0}
        data-epochs={run?.config.epochs ?? 0}
        data-eta={averageSeconds !== null ? Math.round(averageSeconds * remaining) : ''}
      >
        {phase === 'running' && run
          ? `Run ${current + 1} of ${queue.length}: ${run.config.method}, label ratio ${run.config.labelRatio}, seed ${run.config.seed} · epoch ${Math.max(1, progress?.epoch ?? 0)} of ${run.config.epochs}${eta ? ` · about ${eta} left` : ''}`
          : `${phase === 'cancelled' ? 'Cancelled' : 'Finished'}: ${queue.filter((q) => q.status === 'done').length} of ${queue.length} runs done${queue.some((q) => q.status === 'failed') ? `, ${queue.filter((q) => q.status === 'failed').length} failed` : ''}.`}
        <progress value={done.length} max={queue.length} />
      </div>
      <ol className="queue" aria-label="Queue">
        {queue.map((q, i) => (
          <li key={i} className={q.status} title={q.error}>
            {q.status === 'done' ? '✓' : q.status === 'failed' ? '✗' : q.status === 'running' ? '▶' : q.status === 'cancelled' ? '–' : '·'} {q.config.method} r{q.config.labelRatio} s{q.config.seed}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ExperimentsPage() {
  const { phase, saved, failures, error, lessonSeeds } = useExperimentStore();
  const datasets = useDatasetStore((s) => s.datasets);
  const [pretrained, setPretrained] = useState<File | null>(null);
  useEffect(() => {
    void refreshDatasets();
    void refreshExperimentRuns();
  }, []);
  useEffect(() => {
    if (!useExperimentStore.getState().datasetId && datasets.length > 0) useExperimentStore.setState({ datasetId: datasets.at(-1)!.id });
  }, [datasets]);
  const plan = plannedRuns();
  const isRunning = phase === 'running';
  return (
    <>
      <h2 id="page-title">Experiments</h2>
      <section className="card" aria-labelledby="lesson-start">
        <h3 id="lesson-start">For a class: the shortcut lesson</h3>
        <p className="muted">
          Shapes whose background colour gives the class away in training but not in the test. One click trains a baseline, the report's SPN and a mask-guided model on
          the same data and seeds (33 s per seed for all three, measured on a 2-core machine without a GPU), then shows where each one looks.
        </p>
        <div className="row">
          <button disabled={isRunning} onClick={() => void runShortcutLesson()}>
            Run the shortcut lesson
          </button>
          <label>
            Lesson seeds <input value={lessonSeeds} size={8} onChange={(e) => useExperimentStore.setState({ lessonSeeds: e.target.value })} disabled={isRunning} />
          </label>
          <span className="muted">Researchers: the same lesson runs headless with `npm run experiment -- --lesson`, any grid with `npm run experiment`.</span>
        </div>
      </section>
      <ExperimentForm disabled={isRunning} onPretrainedFile={setPretrained} />
      <div className="card row">
        <button disabled={isRunning || plan.error !== null || plan.configs.length === 0} onClick={() => void runExperiment(pretrained)}>
          Run {plan.configs.length} run(s)
        </button>
        {isRunning && (
          <button className="secondary" onClick={cancelExperiment}>
            Cancel
          </button>
        )}
        {plan.error !== null ? <ErrorNotice failure={{ code: 'bad-config', message: plan.error }} testId="experiment-error" /> : error && <ErrorNotice failure={error} testId="experiment-error" />}
      </div>
      <Progress />
      {saved.length === 0 && failures.length === 0 && !isRunning && (
        <EmptyState title="No experiments yet">
          <p>
            Build a grid above and run it: every combination of method, backbone, label ratio and loss trains once per seed, and the table compares them as mean ±
            std. For a class, the Shortcut lesson preset compares a baseline and an SPN model on the demo dataset.
          </p>
        </EmptyState>
      )}
      <ExperimentResultsView saved={saved} failures={failures} busy={isRunning} />
    </>
  );
}
