import * as tf from '@tensorflow/tfjs';

import { StudioError } from '../errors';
import type { NamedTensor } from './safetensors';

const BN_TENSORS = ['weight', 'bias', 'running_mean', 'running_var'] as const;

/** A layer's PyTorch module path: layer1_0_conv1 → layer1.0.conv1 (and, with a prefix, spn_blocks_0_1 → blocks.0.1). */
export type TorchPathOf = (layerName: string) => string;

export const torchPathOf: TorchPathOf = (layerName) => layerName.replaceAll('_', '.');

function expectShape(name: string, actual: readonly number[], expected: readonly number[], file: string): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new StudioError('bad-weights', `tensor ${name} has shape ${JSON.stringify(actual)}, the model needs ${JSON.stringify(expected)}`, file);
  }
}

interface TorchTensorPlan {
  /** PyTorch name and shape of each of the layer's weights, in getWeights() order. */
  names: string[];
  torchShapes: number[][];
  /** PyTorch layout → TensorFlow.js layout. */
  toTfjs: (values: tf.Tensor, index: number) => tf.Tensor;
  toTorch: (values: tf.Tensor, index: number) => tf.Tensor;
}

function planOf(layer: tf.layers.Layer, path: string): TorchTensorPlan | null {
  const shapes = layer.getWeights().map((w) => w.shape);
  switch (layer.getClassName()) {
    case 'Conv2D': {
      const [kh, kw, inC, outC] = shapes[0] as [number, number, number, number];
      return {
        names: [`${path}.weight`, ...(shapes.length > 1 ? [`${path}.bias`] : [])],
        torchShapes: [[outC, inC, kh, kw], [outC]],
        // OIHW ↔ HWIO.
        toTfjs: (t, i) => (i === 0 ? tf.transpose(t, [2, 3, 1, 0]) : t.clone()),
        toTorch: (t, i) => (i === 0 ? tf.transpose(t, [3, 2, 0, 1]) : t.clone()),
      };
    }
    case 'Dense': {
      const [inUnits, outUnits] = shapes[0] as [number, number];
      return {
        names: [`${path}.weight`, `${path}.bias`],
        torchShapes: [[outUnits, inUnits], [outUnits]],
        toTfjs: (t, i) => (i === 0 ? tf.transpose(t) : t.clone()),
        toTorch: (t, i) => (i === 0 ? tf.transpose(t) : t.clone()),
      };
    }
    case 'BatchNormalization':
      return { names: BN_TENSORS.map((s) => `${path}.${s}`), torchShapes: shapes.map(() => [shapes[0]![0]!]), toTfjs: (t) => t.clone(), toTorch: (t) => t.clone() };
    default:
      return null;
  }
}

/**
 * Loads PyTorch tensors (conv1.weight, layer1.0.bn1.running_mean, …) into a model whose layers are named after
 * their module paths: OIHW → HWIO for convolutions, [out, in] → [in, out] for linear layers, batch norm as it is.
 * Tensors the model has no layer for (`fc.*`) are ignored; every tensor of the model must be present.
 */
export function loadTorchvisionWeights(model: tf.LayersModel, tensors: ReadonlyMap<string, NamedTensor>, file = 'weights.safetensors', pathOf: TorchPathOf = torchPathOf): void {
  const pending: Array<{ layer: tf.layers.Layer; values: tf.Tensor[] }> = [];
  try {
    for (const layer of model.layers) {
      const plan = planOf(layer, pathOf(layer.name));
      if (!plan) continue;
      const values: tf.Tensor[] = [];
      pending.push({ layer, values });
      plan.names.forEach((name, i) => {
        const t = tensors.get(name);
        if (!t) throw new StudioError('bad-weights', `tensor ${name} is missing`, file);
        expectShape(name, t.shape, plan.torchShapes[i]!, file);
        if (!t.data.every(Number.isFinite)) throw new StudioError('bad-weights', `tensor ${name} holds NaN or infinite values`, file);
        const raw = tf.tensor(t.data, t.shape);
        values.push(plan.toTfjs(raw, i));
        raw.dispose();
      });
    }
    // Only write once every tensor checked out, so a bad file leaves the model as it was.
    for (const { layer, values } of pending) layer.setWeights(values);
  } finally {
    for (const { values } of pending) tf.dispose(values);
  }
}

/**
 * Reads a model's weights out with PyTorch names and layouts, for model.safetensors.
 * Reads are asynchronous: a synchronous read on WebGPU in a worker hangs.
 */
export async function exportTorchvisionWeights(model: tf.LayersModel, pathOf: TorchPathOf = torchPathOf): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const layer of model.layers) {
    const plan = planOf(layer, pathOf(layer.name));
    if (!plan) continue;
    for (const [i, w] of layer.getWeights().entries()) {
      const torch = tf.tidy(() => plan.toTorch(w, i));
      out.set(plan.names[i]!, { shape: torch.shape, data: (await torch.data()) as Float32Array });
      torch.dispose();
    }
  }
  return out;
}
