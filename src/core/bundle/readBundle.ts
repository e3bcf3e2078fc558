import * as tf from '@tensorflow/tfjs';
import { strFromU8 } from 'fflate';

import { concatBytes } from '../concatBytes';
import { StudioError } from '../errors';
import type { StudioModel } from '../model/buildModel';
import { buildStudioModel, disposeStudioModel, modelParts } from '../model/buildModel';
import type { ModelConfig } from '../model/modelConfig';
import { readSafetensors } from '../model/safetensors';
import { loadTorchvisionWeights } from '../model/torchvisionWeights';
import type { StudioJson } from './bundleSchema';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, studioJsonSchema } from './bundleSchema';
import { BUNDLE_LIMITS } from './bundleLimits';
import { checkBundleTopology, checkWeightSpecs, combinedModel } from './bundleModelCheck';
import { unzipBounded } from '../zip/unzipBounded';

/** A bundle whose files and descriptions check out; its weights are not loaded yet. */
export interface ParsedBundle {
  studio: StudioJson;
  artifacts: tf.io.ModelArtifacts;
  safetensors: Uint8Array;
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

/** A NaN or infinite weight would make every prediction NaN: such a bundle is refused, naming the weight. */
function checkFinite(weightData: Uint8Array, specs: readonly tf.io.WeightsManifestEntry[], file: string): void {
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype === 'float32') {
      const values = new Float32Array(weightData.buffer, weightData.byteOffset + offset, count);
      if (!values.every(Number.isFinite)) throw new StudioError('bad-bundle', `weight ${spec.name} holds NaN or infinite values`, file);
    }
    offset += count * (DTYPE_BYTES[spec.dtype] ?? 4);
  }
}

function checkLayersModel(modelJson: unknown, files: Record<string, Uint8Array>, prefix: string, file: string): tf.io.ModelArtifacts {
  const json = (typeof modelJson === 'object' && modelJson !== null ? modelJson : {}) as { modelTopology?: unknown; weightsManifest?: Array<{ paths?: unknown; weights?: unknown }> };
  const manifest = json.weightsManifest?.[0];
  if (!json.modelTopology || !manifest || !Array.isArray(manifest.paths) || !Array.isArray(manifest.weights)) {
    throw new StudioError('bad-bundle', 'model.json is not a TensorFlow.js layers model (no topology or weights manifest)', file);
  }
  const specs = manifest.weights as tf.io.WeightsManifestEntry[];
  const badSpec = specs.find((w) => typeof w !== 'object' || w === null || typeof w.name !== 'string' || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isSafeInteger(d) && d >= 0) || !Object.hasOwn(DTYPE_BYTES, w.dtype));
  if (badSpec !== undefined) throw new StudioError('bad-bundle', `model.json describes a weight that is not a named tensor of float32, int32 or bool (${JSON.stringify(badSpec).slice(0, 120)})`, file);
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
  const weightData = concatBytes(parts);
  checkFinite(weightData, specs, file);
  return { modelTopology: json.modelTopology as object, weightSpecs: specs, weightData: weightData.buffer };
}

/** Unzips and checks a bundle without touching TensorFlow.js: every file present, every description valid, sizes consistent. */
export async function readBundle(bytes: Uint8Array, file = 'bundle.zip'): Promise<ParsedBundle> {
  const files = await unzipBounded(bytes, file, BUNDLE_LIMITS);
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

/**
 * Loads a checked bundle into a StudioModel (the caller owns it). The bundle's topology is never built: the studio
 * builds studio.json's model itself, and the weights must have exactly the names, shapes and order of that model, so
 * model.json cannot ask for a layer the config does not make. model.safetensors must fit the same backbone.
 */
export async function loadBundleModel(bundle: ParsedBundle, file = 'bundle.zip'): Promise<StudioModel> {
  const config = modelConfigOfBundle(bundle.studio);
  const model = buildStudioModel(config, null);
  try {
    const combined = combinedModel(model);
    checkWeightSpecs(bundle.artifacts.weightSpecs ?? [], combined, file);
    checkBundleTopology(bundle.artifacts.modelTopology, combined, file);
    // Loading model.safetensors into the F-Net checks it fits; weights.bin then sets every weight.
    const copy = bundle.safetensors.slice();
    loadTorchvisionWeights(model.fnet, readSafetensors(copy.buffer, `${file} › model.safetensors`), `${file} › model.safetensors`);
    const named = tf.io.decodeWeights(bundle.artifacts.weightData!, bundle.artifacts.weightSpecs!);
    try {
      combined.setWeights(combined.weights.map((w) => named[w.originalName]!));
    } finally {
      tf.dispose(Object.values(named));
    }
  } catch (error) {
    disposeStudioModel(model);
    throw error;
  }
  return model;
}

/** Every weight of a model as plain arrays, in a fixed order: the round-trip check compares these. */
export async function readModelWeights(model: StudioModel): Promise<Float32Array[]> {
  return Promise.all(modelParts(model).flatMap((p) => p.weights.map(async (w) => (await w.read().data()) as Float32Array)));
}
