// What the Models page does with bundles: each action checks in the worker first, so a bad file changes nothing.
import type { SavedBundle } from '../browser/bundleDb';
import { deleteBundle, listBundles, loadBundleBytes, saveBundle } from '../browser/bundleDb';
import type { DatasetMeta } from '../browser/datasetDb';
import { decodeImagePixels } from '../browser/imageCodec';
import { downloadFile } from '../browser/download';
import type { PathedFile } from '../browser/walkDroppedFiles';
import type { StudioJson } from '../core/bundle/bundleSchema';
import { isImageFileName, NOT_AN_IMAGE } from '../core/data/parseDatasetLayout';
import type { RunResult } from '../core/train/trainingEvents';
import { StudioError } from '../core/errors';
import type { ModelSource, PredictImage } from '../worker/protocol';
import { toFailure } from './errorMessages';
import { initialPredictions, useModelsStore } from './stores/modelsStore';
import { studioWorker } from './studioWorker';

export async function refreshBundles(): Promise<void> {
  useModelsStore.setState({ bundles: await listBundles() });
}

async function withBusy<T>(label: string, work: () => Promise<T>): Promise<T | null> {
  useModelsStore.setState({ busy: label, error: null });
  try {
    return await work();
  } catch (error) {
    useModelsStore.setState({ error: toFailure(error) });
    return null;
  } finally {
    useModelsStore.setState({ busy: null });
  }
}

/** The bundle the worker now holds becomes the one predictions use; earlier predictions go. */
function showAsOpen(id: string, studio: StudioJson): void {
  useModelsStore.setState({ activeId: id, active: studio, predictSource: 'bundle', predictions: initialPredictions });
}

/** Checks and loads a bundle, then keeps it in IndexedDB as the active model for predictions. */
export async function openBundle(bytes: Uint8Array, fileName: string, origin: SavedBundle['origin']): Promise<SavedBundle | null> {
  return withBusy(`Opening ${fileName}…`, async () => {
    const studio = await studioWorker.openBundle(bytes, fileName);
    // The same bundle opened again (same name, creation time and size) is not stored twice.
    const known = (await listBundles()).find((b) => b.studio.name === studio.name && b.studio.createdAt === studio.createdAt && b.sizeBytes === bytes.byteLength);
    const saved = known ?? (await saveBundle({ fileName, sizeBytes: bytes.byteLength, origin, studio }, bytes));
    showAsOpen(saved.id, studio);
    await refreshBundles();
    return saved;
  });
}

export async function openBundleFile(file: File): Promise<void> {
  await openBundle(new Uint8Array(await file.arrayBuffer()), file.name, 'file');
}

/** `?bundle=<url>`: a teacher hosts one zip and every student's page opens it. */
export async function openBundleFromUrl(url: string): Promise<void> {
  const fileName = decodeURIComponent(url.split('/').pop()?.split('?')[0] || 'bundle.zip');
  const bytes = await withBusy(`Downloading ${url}…`, async () => {
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new StudioError('bad-bundle', `could not be loaded (${(error as Error).message}); check the address and that the server allows this page to fetch it`, url);
    }
    if (!response.ok) throw new StudioError('bad-bundle', `could not be loaded (HTTP ${response.status} ${response.statusText})`, url);
    return new Uint8Array(await response.arrayBuffer());
  });
  if (bytes) await openBundle(bytes, fileName, 'url');
}

export async function activateBundle(bundle: SavedBundle): Promise<void> {
  await withBusy(`Opening ${bundle.studio.name}…`, async () => {
    const studio = await studioWorker.openBundle(await loadBundleBytes(bundle.id), bundle.fileName);
    showAsOpen(bundle.id, studio);
  });
}

export async function removeBundle(bundle: SavedBundle): Promise<void> {
  await deleteBundle(bundle.id);
  if (useModelsStore.getState().activeId === bundle.id) useModelsStore.setState({ activeId: null, active: null, predictions: initialPredictions });
  await refreshBundles();
}

export function bundleFileName(name: string): string {
  return `${name.trim().replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'model'}.zip`;
}

/** Writes the session's model as a bundle, keeps it in the list, and returns its bytes for download. */
export async function exportSessionModel(name: string, result: RunResult, dataset: DatasetMeta | null): Promise<{ bytes: Uint8Array; fileName: string } | null> {
  return withBusy('Writing the bundle…', async () => {
    const { bytes, studio } = await studioWorker.exportBundle({
      name,
      test: result.test,
      saliency: result.saliency,
      dataset: dataset
        ? { name: dataset.name, images: dataset.imageCount, masks: dataset.maskedCount, classCounts: Object.fromEntries(dataset.perClass.map((c) => [c.className, c.images])), split: result.split }
        : null,
    });
    const fileName = bundleFileName(name);
    await saveBundle({ fileName, sizeBytes: bytes.byteLength, origin: 'trained here', studio }, bytes);
    await refreshBundles();
    return { bytes, fileName };
  });
}

/** Decodes dropped images at the model's size (reporting the ones that fail) and predicts on the rest. */
export async function predictOnFiles(files: PathedFile[], source: ModelSource, sizePx: number, classNames: string[], hasSpn: boolean): Promise<void> {
  const candidates = files.filter((f) => isImageFileName(f.path));
  const problems = files.filter((f) => !isImageFileName(f.path)).map((f) => ({ file: f.path, reason: NOT_AN_IMAGE }));
  useModelsStore.setState({ error: null, predictions: { ...initialPredictions, source, phase: 'decoding', total: candidates.length, classNames, sizePx, hasSpn, problems } });
  const images: PredictImage[] = [];
  for (const f of candidates) {
    try {
      images.push({ id: f.path, pixels: await decodeImagePixels(f.file, sizePx) });
    } catch (error) {
      problems.push({ file: f.path, reason: (error as Error).message || 'the image cannot be decoded' });
    }
  }
  useModelsStore.setState((s) => ({ predictions: { ...s.predictions, problems: [...problems] } }));
  if (images.length === 0) {
    useModelsStore.setState((s) => ({ predictions: { ...s.predictions, phase: 'failed' }, error: { code: 'bad-dataset', message: 'none of the dropped files is an image that can be decoded (each is listed above with its reason)' } }));
    return;
  }
  useModelsStore.setState((s) => ({ predictions: { ...s.predictions, phase: 'predicting', items: [], total: images.length } }));
  try {
    await studioWorker.predict(source, images, { onBatch: (items, total) => useModelsStore.setState((s) => ({ predictions: { ...s.predictions, items: [...s.predictions.items, ...items], total } })) });
    useModelsStore.setState((s) => ({ predictions: { ...s.predictions, phase: 'ready' } }));
  } catch (error) {
    useModelsStore.setState((s) => ({ predictions: { ...s.predictions, phase: 'failed' }, error: toFailure(error) }));
  }
}

/** Saves a kept bundle's zip to the downloads. */
export async function downloadBundle(bundle: SavedBundle): Promise<void> {
  await withBusy(`Reading ${bundle.fileName}…`, async () => downloadFile(bundle.fileName, await loadBundleBytes(bundle.id), 'application/zip'));
}
