import { create } from 'zustand';

import type { ImportProblem } from '../../core/data/datasetTypes';
import type { DatasetMeta, StoredSample } from '../../browser/datasetDb';
import { deleteDataset, listDatasets, loadSamples, renameDataset, requestPersistentStorage, storageEstimate } from '../../browser/datasetDb';
import type { ImportDraft } from '../../browser/importDataset';
import type { DemoChoice } from '../../browser/importDataset';
import { checkFiles, demoName, importDemoDataset, saveDraft } from '../../browser/importDataset';
import { toFailure } from '../errorMessages';
import { unzipDataset } from '../../browser/unzipDataset';
import { reasonOf } from '../../core/errors';
import type { PathedFile } from '../../browser/walkDroppedFiles';

export interface DatasetState {
  datasets: DatasetMeta[];
  selectedId: string | null;
  isLoaded: boolean;
  importing: { label: string; done: number; total: number } | null;
  lastImport: { name: string; stored: boolean; problems: ImportProblem[] } | null;
  /** A checked import the user is reviewing before it is stored. */
  draft: ImportDraft | null;
  storage: { usage: number; quota: number; isPersisted: boolean } | null;
  /** The stored images of the dataset shown on the Data page. */
  viewed: { id: string; samples: StoredSample[] } | null;
}

export const useDatasetStore = create<DatasetState>(() => ({
  datasets: [],
  selectedId: null,
  isLoaded: false,
  importing: null,
  lastImport: null,
  draft: null,
  storage: null,
  viewed: null,
}));

/** Loads a dataset's stored images for its view (thumbnails); a later call for another dataset wins. */
export async function showDatasetSamples(id: string): Promise<void> {
  if (useDatasetStore.getState().viewed?.id === id) return;
  const samples = await loadSamples(id);
  if (useDatasetStore.getState().selectedId === id) useDatasetStore.setState({ viewed: { id, samples } });
}

let importController: AbortController | null = null;

export async function refreshDatasets(): Promise<void> {
  const [datasets, storage] = await Promise.all([listDatasets(), storageEstimate()]);
  useDatasetStore.setState((s) => ({
    datasets,
    storage,
    isLoaded: true,
    selectedId: datasets.some((d) => d.id === s.selectedId) ? s.selectedId : (datasets.at(-1)?.id ?? null),
  }));
}

/** The demo the Data page generates unless told otherwise: the classroom shapes, no background shortcut. */
export const DEFAULT_DEMO: DemoChoice = { preset: 'classroom', shortcutStrength: 0, seed: 1, sizePx: 64 };

const sameDemo = (a: DemoChoice, b: DemoChoice): boolean => a.preset === b.preset && a.shortcutStrength === b.shortcutStrength && a.seed === b.seed && a.sizePx === b.sizePx;

/** Generates and stores a demo dataset (or finds the same one already stored) and selects it; returns it. */
export async function loadDemo(choice: DemoChoice = DEFAULT_DEMO): Promise<DatasetMeta | null> {
  const known = useDatasetStore.getState().datasets.find((d) => d.demo && sameDemo(d.demo, choice));
  if (known) {
    useDatasetStore.setState({ selectedId: known.id });
    return known;
  }
  useDatasetStore.setState({ importing: { label: `Generating ${demoName(choice)}`, done: 0, total: 1 }, lastImport: null });
  try {
    const meta = await importDemoDataset(choice);
    useDatasetStore.setState({ selectedId: meta.id, lastImport: { name: meta.name, stored: true, problems: [] } });
    void requestPersistentStorage();
    return meta;
  } catch (error) {
    useDatasetStore.setState({ lastImport: { name: demoName(choice), stored: false, problems: [{ file: '(demo)', reason: toFailure(error).message }] } });
    return null;
  } finally {
    useDatasetStore.setState({ importing: null });
    await refreshDatasets();
  }
}

export async function importDroppedFiles(dropped: PathedFile[]): Promise<void> {
  let files = dropped;
  const only = dropped.length === 1 ? dropped[0]! : null;
  if (only && only.path.toLowerCase().endsWith('.zip')) {
    useDatasetStore.setState({ importing: { label: `Unzipping ${only.path}`, done: 0, total: 100 }, lastImport: null });
    try {
      files = await unzipDataset(only.file, (fraction) => useDatasetStore.setState({ importing: { label: `Unzipping ${only.path}`, done: Math.round(fraction * 100), total: 100 } }));
    } catch (error) {
      useDatasetStore.setState({ importing: null, lastImport: { name: only.path, stored: false, problems: [{ file: only.path, reason: reasonOf(error) }] } });
      return;
    }
  }
  const root = files[0]?.path.split('/')[0] ?? 'dataset';
  // A dataset is named after the dropped folder (or zip); a lone file has no folder, so it lends its own name.
  const name = only?.path.toLowerCase().endsWith('.zip') ? only.path.replace(/\.zip$/i, '') : files[0]?.path.includes('/') ? root : (files[0]?.path ?? root);
  importController = new AbortController();
  useDatasetStore.setState({ importing: { label: `Importing ${name}`, done: 0, total: files.length }, lastImport: null });
  try {
    const checked = await checkFiles(files, name, ({ done, total }) => useDatasetStore.setState({ importing: { label: `Checking ${name}`, done, total } }), importController.signal);
    if ('meta' in checked) useDatasetStore.setState({ lastImport: { name, stored: false, problems: checked.problems } });
    else useDatasetStore.setState({ draft: checked });
  } finally {
    importController = null;
    useDatasetStore.setState({ importing: null });
  }
}

/** Stores the reviewed draft with the user's dataset name and class names. */
export async function saveReviewedDraft(name: string, classRenames: Record<string, string>): Promise<void> {
  const { draft } = useDatasetStore.getState();
  if (!draft) return;
  const outcome = await saveDraft(draft, name, classRenames);
  useDatasetStore.setState({
    draft: null,
    lastImport: { name: outcome.meta?.name ?? name, stored: outcome.meta !== null, problems: outcome.problems },
    ...(outcome.meta ? { selectedId: outcome.meta.id } : {}),
  });
  if (outcome.meta) void requestPersistentStorage();
  await refreshDatasets();
}

export function discardDraft(): void {
  const { draft } = useDatasetStore.getState();
  useDatasetStore.setState({ draft: null, lastImport: draft ? { name: draft.name, stored: false, problems: [...draft.problems, { file: '(import)', reason: 'discarded: nothing was stored' }] } : null });
}

export function cancelImport(): void {
  importController?.abort();
}

export function selectDataset(id: string): void {
  useDatasetStore.setState({ selectedId: id });
}

export async function removeDataset(id: string): Promise<void> {
  await deleteDataset(id);
  await refreshDatasets();
}

export async function renameSelected(id: string, name: string): Promise<void> {
  await renameDataset(id, name);
  await refreshDatasets();
}
