// A project file: one .zip with the datasets, the kept runs (Train page and Experiments) and the bundles of this
// browser, so a whole project moves to another machine. Opening one checks everything before it stores anything,
// and takes back what it stored if a write fails.
import { strFromU8, strToU8, zipSync } from 'fflate';
import { z } from 'zod';

import { studioJsonSchema } from '../core/bundle/bundleSchema';
import { StudioError } from '../core/errors';
import { unzipBounded } from '../core/zip/unzipBounded';
import type { SavedBundle } from './bundleDb';
import { deleteBundle, listBundles, loadBundleBytes, saveBundle } from './bundleDb';
import type { DatasetMeta } from './datasetDb';
import { deleteDataset, listDatasets, loadSamples, metaSchema, saveDataset } from './datasetDb';
import type { SavedExperimentRun } from './experimentsDb';
import { deleteExperimentRun, listExperimentRuns, loadExperimentBundle, saveExperimentRun, savedExperimentRunSchema } from './experimentsDb';
import { deleteKeptRun, listKeptRuns, loadKeptRunBundle, saveKeptRun } from './trainRunsDb';

const FORMAT = 'saliency-studio-project';
const MB = 1e6;

const sampleEntrySchema = z.object({
  id: z.string(),
  className: z.string(),
  split: z.enum(['train', 'val', 'test']).nullable(),
  image: z.string(),
  masks: z.array(z.string()),
});

const runEntrySchema = savedExperimentRunSchema.extend({ bundle: z.string() });

const projectSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.literal(1),
  savedAt: z.string(),
  datasets: z.array(z.object({ meta: metaSchema, samples: z.array(sampleEntrySchema) })),
  trainRuns: z.array(runEntrySchema),
  experimentRuns: z.array(runEntrySchema),
  bundles: z.array(
    z.object({ fileName: z.string(), sizeBytes: z.number().int().nonnegative(), origin: z.enum(['trained here', 'file', 'url']), studio: studioJsonSchema, bundle: z.string() }),
  ),
});
type Project = z.infer<typeof projectSchema>;

/** Everything this browser keeps, as one zip (images stored as they were imported, not re-encoded). */
export async function exportProject(): Promise<Uint8Array> {
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {};
  const put = (path: string, bytes: Uint8Array): string => {
    files[path] = [bytes, { level: 0 }];
    return path;
  };
  const datasets: Project['datasets'] = [];
  for (const meta of await listDatasets()) {
    const samples = await loadSamples(meta.id);
    const entries = await Promise.all(
      samples.map(async (sample, i) => ({
        id: sample.id,
        className: sample.className,
        split: sample.split,
        image: put(`datasets/${meta.id}/${i}`, new Uint8Array(await sample.image.arrayBuffer())),
        masks: await Promise.all(sample.masks.map(async (mask, j) => put(`datasets/${meta.id}/${i}-mask${j}`, new Uint8Array(await mask.arrayBuffer())))),
      })),
    );
    datasets.push({ meta, samples: entries });
  }
  const runsOf = async (runs: SavedExperimentRun[], folder: string, load: (id: string) => Promise<Uint8Array>) =>
    Promise.all(runs.map(async (run) => ({ ...run, bundle: put(`${folder}/${run.id}.zip`, await load(run.id)) })));
  const project: Project = {
    format: FORMAT,
    formatVersion: 1,
    savedAt: new Date().toISOString(),
    datasets,
    trainRuns: await runsOf(await listKeptRuns(), 'train-runs', loadKeptRunBundle),
    experimentRuns: await runsOf((await listExperimentRuns()).runs, 'experiment-runs', loadExperimentBundle),
    bundles: await Promise.all(
      (await listBundles()).map(async (b) => ({ fileName: b.fileName, sizeBytes: b.sizeBytes, origin: b.origin, studio: b.studio, bundle: put(`bundles/${b.id}.zip`, await loadBundleBytes(b.id)) })),
    ),
  };
  files['project.json'] = strToU8(JSON.stringify(project));
  return zipSync(files);
}

export interface ProjectOpened {
  datasets: number;
  datasetsAlreadyStored: number;
  runs: number;
  bundles: number;
}

/**
 * Opens a project file: checks the zip, project.json, every file it names and every bundle (with `checkBundle`, the
 * worker's full check) first; then stores datasets, runs and bundles, taking every one of them back if a write fails.
 * A dataset already stored (same id) is referenced, not stored twice.
 */
export async function openProject(bytes: Uint8Array, file: string, checkBundle: (bytes: Uint8Array, name: string) => Promise<unknown>, onProgress: (label: string) => void): Promise<ProjectOpened> {
  const files = await unzipBounded(bytes, file, { maxFiles: 200_000, maxTotalBytes: 8000 * MB, maxEntryBytes: (name) => (name === 'project.json' ? 200 * MB : 1000 * MB), code: 'bad-dataset' });
  const text = files['project.json'];
  if (!text) throw new StudioError('bad-dataset', 'has no project.json: it is a zip, but not a Saliency Studio project file', file);
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(text));
  } catch {
    throw new StudioError('bad-dataset', 'project.json is not valid JSON', file);
  }
  const parsed = projectSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StudioError('bad-dataset', `project.json is not a project this studio reads (${issue.path.join('.') || 'project.json'}: ${issue.message})`, file);
  }
  const project = parsed.data;
  const need = (path: string): Uint8Array => {
    const data = files[path];
    if (!data) throw new StudioError('bad-dataset', `${path}, named by project.json, is missing`, file);
    return data;
  };
  const runs = [...project.trainRuns, ...project.experimentRuns];
  const stored = new Set((await listDatasets()).map((d) => d.id));
  const known = new Set([...stored, ...project.datasets.map((d) => d.meta.id)]);
  const orphan = runs.find((r) => !known.has(r.datasetId));
  if (orphan) throw new StudioError('bad-dataset', `the run ${orphan.id} belongs to a dataset (${orphan.datasetName}) that is neither in the file nor stored here`, file);
  for (const d of project.datasets) d.samples.forEach((s) => [s.image, ...s.masks].forEach(need));
  const bundlesToCheck = [...runs.map((r) => r.bundle), ...project.bundles.map((b) => b.bundle)];
  for (const [i, path] of bundlesToCheck.entries()) {
    onProgress(`Checking model ${i + 1} of ${bundlesToCheck.length}`);
    await checkBundle(need(path), `${file} › ${path}`);
  }

  const undo: Array<() => Promise<unknown>> = [];
  try {
    let added = 0;
    for (const { meta, samples } of project.datasets) {
      if (stored.has(meta.id)) continue;
      onProgress(`Storing ${meta.name}`);
      const blobs = samples.map((s) => ({ id: s.id, className: s.className, split: s.split, image: new Blob([need(s.image) as Uint8Array<ArrayBuffer>]), masks: s.masks.map((m) => new Blob([need(m) as Uint8Array<ArrayBuffer>])) }));
      await saveDataset(meta as DatasetMeta, blobs);
      undo.push(() => deleteDataset(meta.id));
      added++;
    }
    onProgress('Storing runs and models');
    const entryOf = (r: z.infer<typeof runEntrySchema>) => ({ datasetId: r.datasetId, datasetName: r.datasetName, run: r.run });
    for (const r of project.trainRuns) {
      const saved = await saveKeptRun(entryOf(r), need(r.bundle));
      undo.push(() => deleteKeptRun(saved.id));
    }
    for (const r of project.experimentRuns) {
      const saved = await saveExperimentRun(entryOf(r), need(r.bundle));
      undo.push(() => deleteExperimentRun(saved.id));
    }
    for (const { bundle, ...entry } of project.bundles) {
      const saved: SavedBundle = await saveBundle(entry, need(bundle));
      undo.push(() => deleteBundle(saved.id));
    }
    return { datasets: added, datasetsAlreadyStored: project.datasets.length - added, runs: runs.length, bundles: project.bundles.length };
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw error;
  }
}
