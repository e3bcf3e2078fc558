// What the Models page does with bundles: each action checks in the worker first, so a bad file changes nothing.
import { METHOD_LABELS } from '../core/train/trainConfig';
import type { SavedBundle } from '../browser/bundleDb';
import { deleteBundle, listBundles, loadBundleBytes, saveBundle } from '../browser/bundleDb';
import type { DatasetMeta } from '../browser/datasetDb';
import { decodeImagePixels } from '../browser/imageCodec';
import { downloadFile } from '../browser/download';
import type { PathedFile } from '../browser/walkDroppedFiles';
import type { StudioJson } from '../core/bundle/bundleSchema';
import { isImageFileName, NOT_AN_IMAGE } from '../core/data/parseDatasetLayout';
import type { RunResult } from '../core/train/trainingEvents';
import { BUNDLE_MAX_BYTES } from '../core/bundle/bundleLimits';
import { concatBytes } from '../core/concatBytes';
import { StudioError } from '../core/errors';
import { formatBytes } from '../core/format';
import type { ModelSource, PredictImage } from '../worker/protocol';
import { toFailure } from './errorMessages';
import type { BundleLink } from './stores/modelsStore';
import { initialPredictions, useModelsStore } from './stores/modelsStore';
import { studioWorker } from './studioWorker';

export async function refreshBundles(): Promise<void> {
  useModelsStore.setState({ bundles: await listBundles() });
}

async function withBusy<T>(label: string, work: () => Promise<T>): Promise<T | null> {
  useModelsStore.setState({ busy: label, error: null, notice: null });
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
  const notice = `Opened ${studio.name} (${METHOD_LABELS[studio.trainConfig.method]}, classes ${studio.classNames.join(', ')}): predictions below now use it.`;
  useModelsStore.setState({ activeId: id, active: studio, predictSource: 'bundle', predictions: initialPredictions, notice });
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

const linkDownload: { controller: AbortController | null } = { controller: null };

/** `?bundle=<url>`: a teacher hosts one zip and every student's page offers to open it, naming the host first. */
export function offerBundleLink(url: string): void {
  const parsed = new URL(url);
  const fileName = decodeURIComponent(parsed.pathname.split('/').pop() || 'bundle.zip');
  useModelsStore.setState({ link: { url: parsed.href, host: parsed.host || parsed.protocol, fileName, phase: 'offered', receivedBytes: 0, totalBytes: null }, error: null });
}

export function dismissBundleLink(): void {
  linkDownload.controller?.abort();
  useModelsStore.setState({ link: null });
}

function updateLink(patch: Partial<BundleLink>): void {
  const link = useModelsStore.getState().link;
  if (link) useModelsStore.setState({ link: { ...link, ...patch } });
}

/** The link's bytes, refused by Content-Length or as soon as the stream crosses the cap, with progress on the way. */
async function downloadCapped(url: string, signal: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw new StudioError('cancelled', 'the download was cancelled', url);
    throw new StudioError('bad-bundle', `could not be loaded (${(error as Error).message}); check the address and that the server allows this page to fetch it`, url);
  }
  if (!response.ok) throw new StudioError('bad-bundle', `could not be loaded (HTTP ${response.status} ${response.statusText})`, url);
  const declared = Number(response.headers.get('Content-Length') ?? Number.NaN);
  const tooBig = (bytes: number): StudioError => new StudioError('bad-bundle', `is ${formatBytes(bytes)}${Number.isFinite(declared) ? '' : ' or more'}; bundles over ${formatBytes(BUNDLE_MAX_BYTES)} are refused`, url);
  if (Number.isFinite(declared) && declared > BUNDLE_MAX_BYTES) {
    void response.body?.cancel();
    throw tooBig(declared);
  }
  updateLink({ totalBytes: Number.isFinite(declared) ? declared : null });
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  let shown = 0;
  for (;;) {
    let part: ReadableStreamReadResult<Uint8Array>;
    try {
      part = await reader.read();
    } catch {
      if (signal.aborted) throw new StudioError('cancelled', 'the download was cancelled', url);
      throw new StudioError('bad-bundle', `stopped downloading after ${formatBytes(received)}; the connection broke`, url);
    }
    if (part.done) break;
    received += part.value.byteLength;
    if (received > BUNDLE_MAX_BYTES) {
      void reader.cancel();
      throw tooBig(received);
    }
    chunks.push(part.value);
    if (received - shown > 256 * 1024) {
      shown = received;
      updateLink({ receivedBytes: received });
    }
  }
  return concatBytes(chunks);
}

/** The user said yes to a link: download it with a cap and progress, check it in the worker, then keep it. */
export async function acceptBundleLink(): Promise<void> {
  const link = useModelsStore.getState().link;
  if (!link || link.phase !== 'offered') return;
  const controller = new AbortController();
  linkDownload.controller = controller;
  updateLink({ phase: 'downloading' });
  try {
    const bytes = await downloadCapped(link.url, controller.signal);
    updateLink({ phase: 'checking', receivedBytes: bytes.byteLength });
    await openBundle(bytes, link.fileName, 'url');
  } catch (error) {
    if (!(error instanceof StudioError && error.code === 'cancelled')) useModelsStore.setState({ error: toFailure(error) });
  } finally {
    linkDownload.controller = null;
    useModelsStore.setState({ link: null });
  }
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
