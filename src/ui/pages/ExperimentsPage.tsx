import { useEffect, useState } from 'react';

import { queueSecondsLeft } from '../../core/experiments/experimentTimeLeft';
import { formatDuration } from '../../core/format';
import type { TrainConfig } from '../../core/train/trainConfig';
import { METHOD_LABELS } from '../../core/train/trainConfig';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { ExperimentForm } from '../components/ExperimentForm';
import { ExperimentResultsView } from '../components/ExperimentResultsView';
import { cancelExperiment, plannedRuns, refreshExperimentRuns, runExperiment } from '../experimentRunner';
import { isLessonDataset, lessonRuns, lessonSeedsOf, runShortcutLesson } from '../lessonActions';
import { lessonSecondsPerSeed } from '../../core/experiments/shortcutLesson';
import { refreshDatasets, useDatasetStore } from '../stores/datasetStore';
import { useExperimentStore } from '../stores/experimentStore';

/** "Mask-guided, labels on 100 %, seed 2" (a baseline uses no masks). */
function runName(config: TrainConfig): string {
  const masks = config.method === 'baseline' ? '' : `, masks on ${Math.round(100 * config.labelRatio)} %`;
  return `${METHOD_LABELS[config.method]}${masks}, seed ${config.seed}`;
}

function Progress() {
  const { queue, current, phase } = useExperimentStore();
  const progress = useExperimentStore((s) => s.progress);
  if (queue.length === 0) return null;
  const run = queue[current];
  const done = queue.filter((q) => q.status === 'done' || q.status === 'failed');
  const stepsTotal = run && progress ? run.config.epochs * progress.batchesPerEpoch : 0;
  const stepsDone = progress ? (progress.epoch - 1) * progress.batchesPerEpoch + progress.batch : 0;
  const secondsLeft =
    phase === 'running'
      ? queueSecondsLeft({
          stepsDone,
          stepsTotal,
          secondsSinceFirstStep: progress ? (progress.lastStepAt - progress.firstStepAt) / 1000 : 0,
          finishedRunSeconds: done.map((q) => q.seconds ?? 0),
          runsAfter: queue.filter((q) => q.status === 'queued').length,
        })
      : null;
  const eta = secondsLeft !== null ? formatDuration(secondsLeft) : null;
  // The bar moves within a run too: finished runs plus the share of the current one's steps.
  const barValue = done.length + (stepsTotal > 0 ? Math.min(1, stepsDone / stepsTotal) : 0);
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
        data-step={stepsDone}
        data-eta={secondsLeft !== null ? Math.round(secondsLeft) : ''}
      >
        {phase === 'running' && run
          ? `Run ${current + 1} of ${queue.length}: ${runName(run.config)} · epoch ${Math.max(1, progress?.epoch ?? 0)} of ${run.config.epochs}, step ${progress?.batch ?? 0} of ${progress?.batchesPerEpoch ?? '…'}${eta ? ` · about ${eta} left, at this browser's pace so far` : ' · timing the first steps…'}`
          : `${phase === 'cancelled' ? 'Cancelled' : 'Finished'}: ${queue.filter((q) => q.status === 'done').length} of ${queue.length} runs done${queue.some((q) => q.status === 'failed') ? `, ${queue.filter((q) => q.status === 'failed').length} failed` : ''}.`}
        <progress value={barValue} max={queue.length} aria-label="Experiment progress" />
      </div>
      <ol className="queue" aria-label="Queue">
        {queue.map((q, i) => (
          <li key={i} className={q.status} title={q.error}>
            <span aria-hidden="true">{q.status === 'done' ? '✓' : q.status === 'failed' ? '✗' : q.status === 'running' ? '▶' : q.status === 'cancelled' ? '–' : '·'}</span> {runName(q.config)}
            <span className="visually-hidden"> ({q.status})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** How long the lesson takes here, from this browser's own earlier lesson runs with today's settings. */
function LessonEstimate({ seedsText }: { seedsText: string }) {
  const saved = useExperimentStore((s) => s.saved);
  const datasets = useDatasetStore((s) => s.datasets);
  const lessonData = datasets.find(isLessonDataset);
  const estimate = lessonData ? lessonSecondsPerSeed(lessonRuns(saved, lessonData.id).map((s) => s.run)) : null;
  const { seeds } = lessonSeedsOf(seedsText);
  return (
    <p className="muted" data-testid="lesson-estimate" data-seconds-per-seed={estimate ? Math.round(estimate.seconds) : ''}>
      {estimate
        ? `About ${formatDuration(estimate.seconds)} per seed in this browser (its last lesson runs took ${estimate.parts.map((p) => `${p.label} ${Math.round(p.seconds)} s`).join(', ')})${seeds.length > 1 ? `: about ${formatDuration(estimate.seconds * seeds.length)} for ${seeds.length} seeds` : ''}.`
        : 'How long it takes: this browser has not run the lesson yet; once it starts, the progress line shows the time left from its own pace.'}
    </p>
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
        <h3 id="lesson-start">For teaching: the shortcut lesson</h3>
        <p className="muted">
          Shapes whose background colour gives the class away in training but not in the test. One click trains a baseline, the report's SPN and a mask-guided model on
          the same data and seeds, then shows where each one looks.
        </p>
        <LessonEstimate seedsText={lessonSeeds} />
        <div className="row">
          <button disabled={isRunning} onClick={() => void runShortcutLesson()}>
            Run the shortcut lesson
          </button>
          <label>
            Lesson seeds <input value={lessonSeeds} size={8} onChange={(e) => useExperimentStore.setState({ lessonSeeds: e.target.value })} disabled={isRunning} />
          </label>
          <span className="muted">
            Researchers: the same lesson runs headless with <code>npm run experiment -- --lesson</code>, any grid with <code>npm run experiment</code>.
          </span>
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
            std. For teaching, the shortcut lesson above trains three models (baseline, SPN and mask-guided) on shapes with a background shortcut.
          </p>
        </EmptyState>
      )}
      <ExperimentResultsView saved={saved} failures={failures} busy={isRunning} />
    </>
  );
}
