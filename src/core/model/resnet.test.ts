import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';

import { buildStudioModel, disposeStudioModel, forward } from './buildModel';
import { buildResNet, countTrainableParams } from './resnet';
import { readSafetensors } from './safetensors';
import { loadTorchvisionWeights } from './torchvisionWeights';

const FIXTURES = join(__dirname, '../../../../shared/fixtures/torchvision-resnet');

function readFixture(name: string): { data: Float32Array; shape: number[]; maxAbs: number } {
  const bytes = readFileSync(join(FIXTURES, `${name}.bin`));
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const meta = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { shape: number[]; maxAbs: number };
  return { data, shape: meta.shape, maxAbs: meta.maxAbs };
}

function readWeights(name: string): ReturnType<typeof readSafetensors> {
  const bytes = readFileSync(join(FIXTURES, `${name}.safetensors`));
  return readSafetensors(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), `${name}.safetensors`);
}

/** max |ours − expected| / max |expected|, with ours NHWC and expected NCHW. */
function relativeError(ours: tf.Tensor, expected: { data: Float32Array; shape: number[]; maxAbs: number }): number {
  return tf.tidy(() => {
    const reference = tf.tensor(expected.data, expected.shape);
    const nhwc = reference.rank === 4 ? tf.transpose(reference, [0, 2, 3, 1]) : reference;
    expect(ours.shape).toEqual(nhwc.shape);
    return tf.max(tf.abs(tf.sub(ours, nhwc))).dataSync()[0]! / expected.maxAbs;
  });
}

describe('F-Net parameter counts at width 1 equal torchvision without fc', () => {
  it.each([
    ['resnet18', 11_176_512],
    ['resnet34', 21_284_672],
    ['resnet50', 23_508_032],
  ] as const)('%s has %i parameters', (backbone, expected) => {
    const model = buildResNet({ backbone, width: 1, imageSizePx: 32 });
    expect(countTrainableParams(model)).toBe(expected);
    model.dispose();
  });
});

describe('torchvision parity on the fixture input', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each([
    ['resnet18', 'resnet18', 'cpu'],
    ['bottleneck1111', 'resnet50', 'cpu'],
    ['resnet18', 'resnet18', 'wasm'],
    ['bottleneck1111', 'resnet50', 'wasm'],
  ] as const)('%s reproduces torchvision stem, stages, features and logits on %s… backend %s', async (fixture, backbone, backend) => {
    await tf.setBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const weights = readWeights(fixture);
    // bottleneck1111 is torchvision's ResNet(Bottleneck, [1, 1, 1, 1]): ResNet50's blocks, one per stage.
    const blocksPerStage = fixture === 'bottleneck1111' ? ([1, 1, 1, 1] as const) : undefined;
    const model = buildResNet({ backbone, width: 1, imageSizePx: 64, withStageOutputs: true, ...(blocksPerStage ? { blocksPerStage } : {}) });
    loadTorchvisionWeights(model, weights, `${fixture}.safetensors`);
    const input = readFixture('input');
    const before = tf.memory().numTensors;
    const errors = tf.tidy(() => {
      const x = tf.transpose(tf.tensor4d(input.data, input.shape as [number, number, number, number]), [0, 2, 3, 1]);
      const [stem, layer1, layer2, layer3, features] = model.predict(x) as tf.Tensor[];
      const fcWeight = weights.get('fc.weight')!;
      const fcBias = weights.get('fc.bias')!;
      const pooled = tf.mean(features!, [1, 2]);
      const logits = tf.add(tf.matMul(pooled, tf.tensor2d(fcWeight.data, fcWeight.shape as [number, number]), false, true), tf.tensor1d(fcBias.data));
      return {
        stem: relativeError(stem!, readFixture(`${fixture}.stem`)),
        layer1: relativeError(layer1!, readFixture(`${fixture}.layer1`)),
        layer2: relativeError(layer2!, readFixture(`${fixture}.layer2`)),
        layer3: relativeError(layer3!, readFixture(`${fixture}.layer3`)),
        features: relativeError(features!, readFixture(`${fixture}.features`)),
        logits: relativeError(logits, readFixture(`${fixture}.logits`)),
      };
    });
    expect(tf.memory().numTensors).toBe(before);
    for (const [stage, error] of Object.entries(errors)) {
      expect(error, stage).toBeLessThanOrEqual(1e-4);
    }
    model.dispose();
  });
});

describe('combined model', () => {
  it('gives logits [batch, K] and a mask the size of the input', () => {
    const model = buildStudioModel({ backbone: 'resnet18', width: 1 / 8, imageSizePx: 64, classCount: 3, spn: { blocks: 4 } }, 1);
    const { logits, mask, features } = tf.tidy(() => {
      const out = forward(model, tf.zeros([2, 64, 64, 3]), false);
      return { logits: out.logits.shape, mask: out.maskLogits?.shape, features: out.features.shape };
    });
    expect(logits).toEqual([2, 3]);
    expect(mask).toEqual([2, 64, 64, 1]);
    expect(features).toEqual([2, 2, 2, 64]);
    disposeStudioModel(model);
  });

  it('with 3 SPN blocks also returns to the input size, and the baseline has no mask', () => {
    const spn3 = buildStudioModel({ backbone: 'resnet50', width: 1 / 16, imageSizePx: 32, classCount: 2, spn: { blocks: 3 } }, 1);
    const baseline = buildStudioModel({ backbone: 'resnet34', width: 1 / 16, imageSizePx: 32, classCount: 2, spn: null }, 1);
    tf.tidy(() => {
      expect(forward(spn3, tf.zeros([1, 32, 32, 3]), false).maskLogits?.shape).toEqual([1, 32, 32, 1]);
      expect(forward(baseline, tf.zeros([1, 32, 32, 3]), false).maskLogits).toBeNull();
    });
    disposeStudioModel(spn3);
    disposeStudioModel(baseline);
  });

  it('refuses an image size that is not a multiple of 32', () => {
    expect(() => buildStudioModel({ backbone: 'resnet18', width: 1 / 8, imageSizePx: 50, classCount: 2, spn: null }, 1)).toThrow(/multiple of 32/);
  });
});
