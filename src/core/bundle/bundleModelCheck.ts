import * as tf from '@tensorflow/tfjs';

import { StudioError } from '../errors';
import type { StudioModel } from '../model/buildModel';

/** One LayersModel over the three parts (image → [logits, mask logits]) so others can load it with tf.loadLayersModel. */
export function combinedModel(model: StudioModel): tf.LayersModel {
  const image = tf.input({ shape: [model.config.imageSizePx, model.config.imageSizePx, 3], name: 'image' });
  const features = model.fnet.apply(image) as tf.SymbolicTensor;
  const outputs = [model.cnet.apply(features) as tf.SymbolicTensor, ...(model.spn ? [model.spn.apply(features) as tf.SymbolicTensor] : [])];
  return tf.model({ inputs: image, outputs, name: 'saliency_studio' });
}

const partOf = (name: string): string => (name.startsWith('cnet') ? 'C-Net (classifier)' : name.startsWith('spn') ? 'SPN' : 'F-Net (backbone)');

/** The bundle's weights must be the studio-built model's, name for name and shape for shape, in its order. */
export function checkWeightSpecs(specs: readonly tf.io.WeightsManifestEntry[], reference: tf.LayersModel, file: string): void {
  const want = reference.weights;
  const hasSpn = (names: readonly string[]): boolean => names.some((n) => n.startsWith('spn'));
  const [gotSpn, wantSpn] = [hasSpn(specs.map((s) => s.name)), hasSpn(want.map((w) => w.originalName))];
  if (gotSpn !== wantSpn) throw new StudioError('bad-bundle', `model.json ${gotSpn ? 'has' : 'lacks'} the SPN that studio.json ${wantSpn ? 'describes' : 'does not describe'}`, file);
  const index = want.findIndex((w, i) => {
    const got = specs[i];
    return !got || got.name !== w.originalName || got.dtype !== 'float32' || JSON.stringify(got.shape) !== JSON.stringify(w.shape);
  });
  if (index >= 0) {
    const w = want[index]!;
    const got = specs[index];
    const where = got && got.name === w.originalName ? `weight ${w.originalName} is ${JSON.stringify(got.shape)} ${got.dtype}, studio.json needs ${JSON.stringify(w.shape)} float32` : `weight ${index + 1} is ${got ? got.name : 'missing'}, studio.json needs ${w.originalName}`;
    throw new StudioError('bad-bundle', `the ${partOf(w.originalName)} weights do not match studio.json (${where})`, file);
  }
  if (specs.length !== want.length) throw new StudioError('bad-bundle', `model.json describes ${specs.length} weights, studio.json's model has ${want.length}`, file);
}

const show = (value: unknown): string => (JSON.stringify(value) ?? String(value)).slice(0, 80);

/** Where two JSON values first differ, as a path a person can follow (layer names where there are layers). */
function firstDifference(got: unknown, want: unknown, path: string, depth = 0): string | null {
  if (depth > 64) return `${path} (nested too deep)`;
  if (typeof want !== 'object' || want === null || typeof got !== 'object' || got === null) {
    return Object.is(got, want) ? null : `${path}: ${show(got)} where the studio builds ${show(want)}`;
  }
  if (Array.isArray(want) !== Array.isArray(got)) return `${path}: ${show(got)} where the studio builds ${show(want)}`;
  const [g, w] = [got as Record<string, unknown>, want as Record<string, unknown>];
  const keys = [...new Set([...Object.keys(w), ...Object.keys(g)])];
  for (const key of keys) {
    const child = g[key] as { name?: unknown; config?: { name?: unknown } } | undefined;
    const label = Array.isArray(w) && typeof child?.config?.name === 'string' ? `${path}[${key}] ${show(child.config.name)}` : Array.isArray(w) ? `${path}[${key}]` : `${path}.${key}`;
    if (!Object.hasOwn(w, key)) return `${label}: not part of the studio's model`;
    if (!Object.hasOwn(g, key)) return `${label}: missing`;
    const found = firstDifference(g[key], w[key], label, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * model.json's topology is never built here (the studio builds studio.json's model), but it is what others load with
 * tf.loadLayersModel, so it must be exactly the architecture the studio makes for that config: no other layer
 * classes, sizes or wiring.
 */
export function checkBundleTopology(topology: unknown, reference: tf.LayersModel, file: string): void {
  const got = (typeof topology === 'object' && topology !== null ? topology : {}) as Record<string, unknown>;
  const want = reference.toJSON(null, false) as unknown as Record<string, unknown>;
  const difference = firstDifference({ class_name: got.class_name, config: got.config }, { class_name: want.class_name, config: want.config }, 'model');
  if (difference) throw new StudioError('bad-bundle', `model.json's topology is not the architecture studio.json declares (${difference})`, file);
}
