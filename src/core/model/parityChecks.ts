// The PyTorch parity checks (torchvision ResNets, the SPN), as functions of the fixture's contents: the Node tests
// run them on CPU and WASM, the browser runs the same ones on WebGPU (through the worker's test hook).
import * as tf from '@tensorflow/tfjs';

import { buildResNet } from './resnet';
import { buildSaliencyNet, SPN_LAYER_PREFIX } from './saliencyNet';
import { readSafetensors } from './safetensors';
import { loadTorchvisionWeights, torchPathOf } from './torchvisionWeights';

/** A fixture array as the fixtures store it: PyTorch layout (NCHW), with its largest magnitude. */
export interface FixtureArray {
  data: Float32Array;
  shape: number[];
  maxAbs: number;
}

/**
 * max |ours − expected| / max |expected|, ours NHWC and expected NCHW, as a scalar tensor (read asynchronously: WebGPU
 * in a worker cannot read synchronously); Infinity when the shapes differ.
 */
export function relativeError(ours: tf.Tensor, expected: FixtureArray): tf.Scalar {
  return tf.tidy(() => {
    const reference = tf.tensor(expected.data, expected.shape);
    const nhwc = reference.rank === 4 ? tf.transpose(reference, [0, 2, 3, 1]) : reference;
    if (ours.shape.join() !== nhwc.shape.join()) return tf.scalar(Number.POSITIVE_INFINITY);
    return tf.div(tf.max(tf.abs(tf.sub(ours, nhwc))), expected.maxAbs) as tf.Scalar;
  });
}

/** Reads each named scalar and frees it. */
async function readErrors(scalars: Record<string, tf.Scalar>): Promise<Record<string, number>> {
  const entries = await Promise.all(Object.entries(scalars).map(async ([name, t]) => [name, (await t.data())[0]!] as const));
  tf.dispose(Object.values(scalars));
  return Object.fromEntries(entries);
}

const toNhwc = (input: FixtureArray): tf.Tensor4D => tf.transpose(tf.tensor4d(input.data, input.shape as [number, number, number, number]), [0, 2, 3, 1]);

export const TORCHVISION_STAGES = ['stem', 'layer1', 'layer2', 'layer3', 'features', 'logits'] as const;

/**
 * A torchvision ResNet fixture (`resnet18`, or `bottleneck1111`: ResNet50's blocks, one per stage) run through the
 * studio's F-Net on the current backend: the relative error of each stage, and the tensors left behind.
 */
export async function torchvisionParity(fixture: 'resnet18' | 'bottleneck1111', weightsBytes: ArrayBuffer, input: FixtureArray, expected: Record<(typeof TORCHVISION_STAGES)[number], FixtureArray>): Promise<{ errors: Record<string, number>; tensorsLeft: number }> {
  const weights = readSafetensors(weightsBytes, `${fixture}.safetensors`);
  const blocksPerStage = fixture === 'bottleneck1111' ? ([1, 1, 1, 1] as const) : undefined;
  const model = buildResNet({ backbone: fixture === 'resnet18' ? 'resnet18' : 'resnet50', width: 1, imageSizePx: 64, withStageOutputs: true, ...(blocksPerStage ? { blocksPerStage } : {}) });
  try {
    loadTorchvisionWeights(model, weights, `${fixture}.safetensors`);
    const before = tf.memory().numTensors;
    const scalars = tf.tidy(() => {
      const [stem, layer1, layer2, layer3, features] = model.predict(toNhwc(input)) as tf.Tensor[];
      const fcWeight = weights.get('fc.weight')!;
      const fcBias = weights.get('fc.bias')!;
      const pooled = tf.mean(features!, [1, 2]);
      const logits = tf.add(tf.matMul(pooled, tf.tensor2d(fcWeight.data, fcWeight.shape as [number, number]), false, true), tf.tensor1d(fcBias.data));
      const ours = { stem: stem!, layer1: layer1!, layer2: layer2!, layer3: layer3!, features: features!, logits };
      return Object.fromEntries(TORCHVISION_STAGES.map((stage) => [stage, relativeError(ours[stage], expected[stage])]));
    });
    const errors = await readErrors(scalars);
    return { errors, tensorsLeft: tf.memory().numTensors - before };
  } finally {
    model.dispose();
  }
}

export interface SpnCase {
  channels: number;
  imageSizePx: number;
  featureSizePx: number;
}

/** Fixture names of the SPN outputs compared: eval mode, each block in eval mode, train mode. */
export const SPN_OUTPUTS = ['eval', 'eval.block1', 'eval.block2', 'eval.block3', 'eval.block4', 'train'] as const;

const spnPathOf = (name: string): string => torchPathOf(name.slice(SPN_LAYER_PREFIX.length));

/** An SPN fixture case on the current backend: eval mode, every block, train mode (batch statistics). */
export async function spnParity(c: SpnCase, weightsBytes: ArrayBuffer, file: string, input: FixtureArray, expected: Record<(typeof SPN_OUTPUTS)[number], FixtureArray>): Promise<{ errors: Record<string, number>; tensorsLeft: number }> {
  const spn = buildSaliencyNet([c.featureSizePx, c.featureSizePx, c.channels], 4, c.imageSizePx);
  try {
    loadTorchvisionWeights(spn, readSafetensors(weightsBytes, file), file, spnPathOf);
    const before = tf.memory().numTensors;
    const scalars = tf.tidy(() => {
      const x = toNhwc(input);
      const blockOutputs = [0, 1, 2, 3].map((i) => spn.getLayer(`${SPN_LAYER_PREFIX}blocks_${i}_3`).output as tf.SymbolicTensor);
      const blocks = tf.model({ inputs: spn.inputs, outputs: blockOutputs }).predict(x) as tf.Tensor[];
      const ours: Record<(typeof SPN_OUTPUTS)[number], tf.Tensor> = {
        eval: spn.predict(x) as tf.Tensor,
        'eval.block1': blocks[0]!,
        'eval.block2': blocks[1]!,
        'eval.block3': blocks[2]!,
        'eval.block4': blocks[3]!,
        train: spn.apply(x, { training: true }) as tf.Tensor,
      };
      return Object.fromEntries(SPN_OUTPUTS.map((name) => [name, relativeError(ours[name], expected[name])]));
    });
    const errors = await readErrors(scalars);
    return { errors, tensorsLeft: tf.memory().numTensors - before };
  } finally {
    spn.dispose();
  }
}
