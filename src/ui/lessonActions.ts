// The shortcut lesson from one click: its data, its runs, and its picture (test images explained by the baseline and
// by the best mask-trained model).
import type { DatasetMeta } from '../browser/datasetDb';
import type { SavedExperimentRun } from '../browser/experimentsDb';
import { loadExperimentBundle } from '../browser/experimentsDb';
import type { DemoChoice } from '../browser/importDataset';
import { backgroundOfDemoImage, shortcutBackgroundOf } from '../core/data/demoDataset';
import { LESSON_DATASET, lessonConfigs, lessonVerdict } from '../core/experiments/shortcutLesson';
import { parseSeeds } from '../core/experiments/experimentGrid';
import type { ExplainItem } from '../worker/protocol';
import { toFailure } from './errorMessages';
import { runExperiment } from './experimentRunner';
import { loadDemo, useDatasetStore } from './stores/datasetStore';
import type { LessonRow } from './stores/experimentStore';
import { useExperimentStore } from './stores/experimentStore';
import { studioWorker } from './studioWorker';
import { keepingSessionModel, restoreSavedRun, runLabel, showAsSessionModel } from './sessionModelActions';

/** The lesson's dataset as the Data page lists it. */
export const LESSON_DEMO: DemoChoice = { preset: 'classroom', shortcutStrength: LESSON_DATASET.shortcutStrength, seed: LESSON_DATASET.seed, sizePx: LESSON_DATASET.sizePx };

/** Whether a stored dataset is the lesson's own. */
export function isLessonDataset(meta: DatasetMeta | undefined): boolean {
  const demo = meta?.demo;
  return demo !== null && demo !== undefined && demo.preset === LESSON_DEMO.preset && demo.shortcutStrength === LESSON_DEMO.shortcutStrength && demo.seed === LESSON_DEMO.seed && demo.sizePx === LESSON_DEMO.sizePx;
}

/** The lesson's saved runs: the latest of each method and seed on its dataset (a lesson run twice counts once). */
export function lessonRuns(saved: readonly SavedExperimentRun[], datasetId: string): SavedExperimentRun[] {
  const latest = new Map<string, SavedExperimentRun>();
  for (const s of saved) {
    if (s.datasetId !== datasetId) continue;
    const key = `${s.run.config.method}/${s.run.seed}`;
    if ((latest.get(key)?.savedAt ?? '') <= s.savedAt) latest.set(key, s);
  }
  return [...latest.values()];
}

/** How many test images the picture shows per class. */
const ROWS_PER_CLASS = 2;

/** The lesson's seeds as typed, or the reason they are not seeds. */
export function lessonSeedsOf(text: string): { seeds: number[]; error: string | null } {
  try {
    return { seeds: parseSeeds(text), error: null };
  } catch (error) {
    return { seeds: [], error: `Lesson seeds: ${(error as Error).message}` };
  }
}

/**
 * The lesson in one click: makes its data if needed, runs baseline, SPN and mask-guided on its seeds, then builds its
 * picture. Its runs are its own: the grid form keeps what the user typed.
 */
export async function runShortcutLesson(): Promise<void> {
  const { seeds, error } = lessonSeedsOf(useExperimentStore.getState().lessonSeeds);
  if (error) {
    useExperimentStore.setState({ error: { code: 'bad-config', message: error } });
    return;
  }
  const dataset = await loadDemo(LESSON_DEMO);
  if (!dataset) return;
  useExperimentStore.setState({ lesson: null });
  await runExperiment(null, { configs: lessonConfigs(seeds), datasetId: dataset.id, origin: 'lesson' });
  if (useExperimentStore.getState().phase === 'finished') await buildLessonPicture(dataset.id);
}

/** A model's explanation of the chosen images, restoring it in the worker first. */
async function explainRun(saved: SavedExperimentRun, ids: string[]): Promise<Map<string, ExplainItem>> {
  await restoreSavedRun(saved, loadExperimentBundle);
  const items = new Map<string, ExplainItem>();
  await studioWorker.explain({ ids, classIndex: null }, { onBatch: (batch) => batch.forEach((item) => items.set(item.id, item)) });
  return items;
}

/**
 * Builds the lesson's picture from the saved runs on its dataset: for the lowest seed that has both, the baseline's
 * and the best mask-trained model's maps of test images whose background belonged to another class in training.
 */
export async function buildLessonPicture(datasetId: string): Promise<void> {
  const meta = useDatasetStore.getState().datasets.find((d) => d.id === datasetId);
  const saved = lessonRuns(useExperimentStore.getState().saved, datasetId);
  const verdict = lessonVerdict(saved.map((s) => s.run));
  const bestMethod = verdict.best?.method;
  const seeds = [...new Set(saved.map((s) => s.run.seed))].sort((a, b) => a - b);
  const seed = seeds.find((k) => saved.some((s) => s.run.seed === k && s.run.config.method === 'baseline') && saved.some((s) => s.run.seed === k && s.run.config.method === bestMethod));
  const baselineRun = saved.find((s) => s.run.seed === seed && s.run.config.method === 'baseline');
  const bestRun = saved.find((s) => s.run.seed === seed && s.run.config.method === bestMethod);
  if (!meta || !bestMethod || seed === undefined || !baselineRun || !bestRun) {
    useExperimentStore.setState({ lesson: null });
    return;
  }
  const base = { datasetId, seed, bestMethod, classNames: bestRun.run.classNames, sizePx: bestRun.run.config.imageSizePx, rows: [] };
  useExperimentStore.setState({ lesson: { ...base, phase: 'building', error: null } });
  try {
    // Test images on a background their class never had in training, a few per class.
    const testIds = bestRun.run.split.testIds;
    const classOf = (id: string): number => bestRun.run.classNames.indexOf(id.split('/')[0] ?? '');
    const chosen = bestRun.run.classNames.flatMap((_, label) => testIds.filter((id) => classOf(id) === label && backgroundOfDemoImage(id) !== shortcutBackgroundOf(label)).slice(0, ROWS_PER_CLASS));
    let baselineMaps = new Map<string, ExplainItem>();
    let bestMaps = new Map<string, ExplainItem>();
    const restored = await keepingSessionModel(async () => {
      baselineMaps = await explainRun(baselineRun, chosen);
      bestMaps = await explainRun(bestRun, chosen);
    });
    const rows: LessonRow[] = chosen.flatMap((id) => {
      const [b, m] = [baselineMaps.get(id), bestMaps.get(id)];
      if (!b || !m) return [];
      return [{ id, label: m.label, background: backgroundOfDemoImage(id) ?? '', pixels: m.pixels, mask: m.mask, baseline: { saliency: b.saliency, predicted: b.predicted, probabilities: b.probabilities }, best: { saliency: m.saliency, spn: m.spn, predicted: m.predicted, probabilities: m.probabilities } }];
    });
    // Without a model of the user's own to go back to, the worker now holds the best one: the other pages show it, named.
    if (!restored) showAsSessionModel(bestRun.run, datasetId, { origin: 'lesson', label: `${runLabel(bestRun.run)}, from the shortcut lesson`, datasetName: meta.name, keptId: null });
    useExperimentStore.setState({ lesson: { ...base, rows, phase: 'ready', error: null } });
  } catch (error) {
    useExperimentStore.setState({ lesson: { ...base, phase: 'failed', error: toFailure(error) } });
  }
}
