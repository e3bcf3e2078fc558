import * as tf from '@tensorflow/tfjs';

import { StudioError } from '../errors';
import type { NamedTensor } from './safetensors';

const BN_TENSORS = ['weight', 'bias', 'running_mean', 'running_var'] as const;

function torchPathOf(layerName: string): string {
  return layerName.replaceAll('_', '.');
}

function isBatchNorm(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'BatchNormalization';
}

function isConv(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'Conv2D';
}

function expectShape(name: string, actual: number[], expected: number[], file: string): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new StudioError('bad-weights', `tensor ${name} has shape ${JSON.stringify(actual)}, the model needs ${JSON.stringify(expected)}`, file);
  }
}

/**
 * Loads torchvision/timm ResNet tensors (conv1.weight, layer1.0.bn1.running_mean, …) into an F-Net:
 * OIHW → HWIO for convolutions, batch-norm tensors as they are. `fc.*` is ignored; every F-Net tensor must be present.
 */
export function loadTorchvisionWeights(fnet: tf.LayersModel, tensors: ReadonlyMap<string, NamedTensor>, file = 'weights.safetensors'): void {
  const pending: Array<{ layer: tf.layers.Layer; values: tf.Tensor[] }> = [];
  try {
    for (const layer of fnet.layers) {
      const path = torchPathOf(layer.name);
      if (isConv(layer)) {
        const name = `${path}.weight`;
        const t = tensors.get(name);
        if (!t) throw new StudioError('bad-weights', `tensor ${name} is missing`, file);
        const [kh, kw, inC, outC] = layer.getWeights()[0]!.shape as [number, number, number, number];
        expectShape(name, t.shape, [outC, inC, kh, kw], file);
        const oihw = tf.tensor4d(t.data, [outC, inC, kh, kw]);
        pending.push({ layer, values: [tf.transpose(oihw, [2, 3, 1, 0])] });
        oihw.dispose();
      } else if (isBatchNorm(layer)) {
        const channels = layer.getWeights()[0]!.shape[0]!;
        const values = BN_TENSORS.map((suffix) => {
          const name = `${path}.${suffix}`;
          const t = tensors.get(name);
          if (!t) throw new StudioError('bad-weights', `tensor ${name} is missing`, file);
          expectShape(name, t.shape, [channels], file);
          return tf.tensor1d(t.data);
        });
        pending.push({ layer, values });
      }
    }
    // Only write once every tensor checked out, so a bad file leaves the model as it was.
    for (const { layer, values } of pending) layer.setWeights(values);
  } finally {
    for (const { values } of pending) tf.dispose(values);
  }
}

/**
 * Reads the F-Net's weights out with torchvision names and layouts (HWIO → OIHW), for model.safetensors.
 * Reads are asynchronous: a synchronous read on WebGPU in a worker hangs.
 */
export async function exportTorchvisionWeights(fnet: tf.LayersModel): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const layer of fnet.layers) {
    const path = torchPathOf(layer.name);
    if (isConv(layer)) {
      const oihw = tf.tidy(() => tf.transpose(layer.getWeights()[0]!, [3, 2, 0, 1]));
      out.set(`${path}.weight`, { shape: oihw.shape, data: (await oihw.data()) as Float32Array });
      oihw.dispose();
    } else if (isBatchNorm(layer)) {
      const weights = layer.getWeights();
      for (const [i, w] of weights.entries()) out.set(`${path}.${BN_TENSORS[i]}`, { shape: w.shape, data: (await w.data()) as Float32Array });
    }
  }
  return out;
}
