import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';

import { StudioError } from '../errors';
import type { StudioModel } from '../model/buildModel';
import { buildStudioModel, disposeStudioModel, modelParts } from '../model/buildModel';
import type { ModelConfig } from '../model/modelConfig';
import { readSafetensors } from '../model/safetensors';
import { loadTorchvisionWeights } from '../model/torchvisionWeights';
import type { StudioJson } from './bundleSchema';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, studioJsonSchema } from './bundleSchema';

/** A bundle whose files and descriptions check out; its weights are not loaded yet. */
export interface ParsedBundle {
  studio: StudioJson;
  artifacts: tf.io.ModelArtifacts;
  safetensors: Uint8Array;
}

function unzip(bytes: Uint8Array, file: string): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes);
  } catch {
    throw new StudioError('bad-bundle', 'is not a zip file, so it cannot be a model bundle', file);
  }
}

/** Bundles re-zipped with their folder keep working: the files may sit under one top-level folder. */
function findPrefix(files: Record<string, Uint8Array>, file: string): string {
  if (files[BUNDLE_FILES.studio]) return '';
  const nested = Object.keys(files).filter((name) => /^[^/]+\/studio\.json$/.test(name));
  if (nested.length === 1) return nested[0]!.slice(0, -BUNDLE_FILES.studio.length);
  throw new StudioError('bad-bundle', 'has no studio.json: it is a zip, but not a Saliency Studio model bundle', file);
}

function parseJson(bytes: Uint8Array, name: string, file: string): unknown {
  try {
    return JSON.parse(strFromU8(bytes));
  } catch {
    throw new StudioError('bad-bundle', `${name} is not valid JSON`, file);
  }
}

function checkStudioJson(value: unknown, file: string): StudioJson {
  const head = (typeof value === 'object' && value !== null ? value : {}) as { format?: unknown; formatVersion?: unknown };
  if (head.format !== BUNDLE_FORMAT) throw new StudioError('bad-bundle', `studio.json does not describe a Saliency Studio bundle (format is ${JSON.stringify(head.format)})`, file);
  if (typeof head.formatVersion === 'number' && head.formatVersion > BUNDLE_FORMAT_VERSION) {
    throw new StudioError('bad-bundle', `was written by a newer Saliency Studio (format version ${head.formatVersion}; this studio reads up to ${BUNDLE_FORMAT_VERSION}): update the studio to open it`, file);
  }
  const parsed = studioJsonSchema.safeParse(value);
  if (!parsed.success) {
    const reasons = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'studio.json'}: ${i.message}`);
    throw new StudioError('bad-bundle', `studio.json is not valid: ${reasons.join('; ')}`, file);
  }
  return parsed.data;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

function checkLayersModel(modelJson: unknown, files: Record<string, Uint8Array>, prefix: string, file: string): tf.io.ModelArtifacts {
  const json = (typeof modelJson === 'object' && modelJson !== null ? modelJson : {}) as { modelTopology?: unknown; weightsManifest?: Array<{ paths?: unknown; weights?: unknown }> };
  const manifest = json.weightsManifest?.[0];
  if (!json.modelTopology || !manifest || !Array.isArray(manifest.paths) || !Array.isArray(manifest.weights)) {
    throw new StudioError('bad-bundle', 'model.json is not a TensorFlow.js layers model (no topology or weights manifest)', file);
  }
  const specs = manifest.weights as tf.io.WeightsManifestEntry[];
  const parts = (manifest.paths as unknown[]).map((path) => {
    const data = files[prefix + String(path)];
    if (!data) throw new StudioError('bad-bundle', `the weight file ${String(path)} named by model.json is missing`, file);
    return data;
  });
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[s.dtype] ?? 4), 0);
  if (total !== expected) {
    throw new StudioError('bad-bundle', `the weights hold ${total} bytes but model.json describes ${expected}: the weight file is truncated or does not belong to this model`, file);
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    weightData.set(p, offset);
    offset += p.byteLength;
  }
  return { modelTopology: json.modelTopology as object, weightSpecs: specs, weightData: weightData.buffer };
}

/** Unzips and checks a bundle without touching TensorFlow.js: every file present, every description valid, sizes consistent. */
export function readBundle(bytes: Uint8Array, file = 'bundle.zip'): ParsedBundle {
  const files = unzip(bytes, file);
  const prefix = findPrefix(files, file);
  const studio = checkStudioJson(parseJson(files[prefix + BUNDLE_FILES.studio]!, 'studio.json', file), file);
  const modelJson = files[prefix + BUNDLE_FILES.model];
  if (!modelJson) throw new StudioError('bad-bundle', 'model.json (the TensorFlow.js model) is missing', file);
  const artifacts = checkLayersModel(parseJson(modelJson, 'model.json', file), files, prefix, file);
  const safetensors = files[prefix + BUNDLE_FILES.safetensors];
  if (!safetensors) throw new StudioError('bad-bundle', 'model.safetensors is missing', file);
  return { studio, artifacts, safetensors };
}

/**
 * The model a bundle holds. A format-1 bundle's SPN is the old integer-factor decoder: it opens as that design, as it
 * was trained, never reinterpreted as the current one.
 */
export function modelConfigOfBundle(studio: StudioJson): ModelConfig {
  const spn = studio.spn && { blocks: studio.spn.blocks, design: studio.formatVersion < 2 ? ('v1' as const) : (studio.spn.design ?? 'report') };
  return { backbone: studio.backbone, width: studio.width, imageSizePx: studio.inputSizePx, classCount: studio.classNames.length, spn };
}

const shapesOf = (model: tf.LayersModel): string[] => model.weights.map((w) => JSON.stringify(w.shape));

function checkPartShapes(loaded: tf.LayersModel | null, reference: tf.LayersModel | null, part: string, file: string): void {
  if (!loaded || !reference) {
    if (loaded !== reference) throw new StudioError('bad-bundle', `model.json ${loaded ? 'has' : 'lacks'} the ${part} that studio.json ${reference ? 'describes' : 'does not describe'}`, file);
    return;
  }
  const [got, want] = [shapesOf(loaded), shapesOf(reference)];
  const index = want.findIndex((shape, i) => shape !== got[i]);
  if (got.length !== want.length || index >= 0) {
    const where = index >= 0 ? `weight ${loaded.weights[index]?.originalName ?? index} is ${got[index] ?? 'missing'}, studio.json needs ${want[index]}` : `${got.length} weights, studio.json needs ${want.length}`;
    throw new StudioError('bad-bundle', `the ${part} weights do not match studio.json (${where})`, file);
  }
}

/**
 * Loads a checked bundle into a StudioModel (the caller owns it). The weights must have exactly the shapes that
 * studio.json's backbone, width, classes and SPN imply, and model.safetensors must fit the same backbone.
 */
export async function loadBundleModel(bundle: ParsedBundle, file = 'bundle.zip'): Promise<StudioModel> {
  const config = modelConfigOfBundle(bundle.studio);
  let combined: tf.LayersModel;
  try {
    combined = await tf.loadLayersModel(tf.io.fromMemory(bundle.artifacts));
  } catch (error) {
    throw new StudioError('bad-bundle', `model.json and its weights cannot be loaded: ${error instanceof Error ? error.message : String(error)}`, file);
  }
  const part = (test: (name: string) => boolean): tf.LayersModel | null => (combined.layers.find((l) => test(l.name)) as tf.LayersModel | undefined) ?? null;
  const loaded = { fnet: part((n) => n.startsWith('fnet_')), cnet: part((n) => n === 'cnet'), spn: part((n) => n === 'spn') };
  const reference = buildStudioModel(config, null);
  try {
    checkPartShapes(loaded.fnet, reference.fnet, 'F-Net (backbone)', file);
    checkPartShapes(loaded.cnet, reference.cnet, 'C-Net (classifier)', file);
    checkPartShapes(loaded.spn, reference.spn, 'SPN', file);
    const inputSide = loaded.fnet!.inputs[0]!.shape[1];
    if (inputSide !== config.imageSizePx) throw new StudioError('bad-bundle', `the model takes ${inputSide} px images, studio.json says ${config.imageSizePx} px`, file);
    const copy = bundle.safetensors.slice();
    loadTorchvisionWeights(reference.fnet, readSafetensors(copy.buffer, `${file} › model.safetensors`), `${file} › model.safetensors`);
  } catch (error) {
    combined.dispose();
    throw error;
  } finally {
    disposeStudioModel(reference);
  }
  return { config, fnet: loaded.fnet!, cnet: loaded.cnet!, spn: loaded.spn };
}

/** Every weight of a model as plain arrays, in a fixed order: the round-trip check compares these. */
export async function readModelWeights(model: StudioModel): Promise<Float32Array[]> {
  return Promise.all(modelParts(model).flatMap((p) => p.weights.map(async (w) => (await w.read().data()) as Float32Array)));
}
