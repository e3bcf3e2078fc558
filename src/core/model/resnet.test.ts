import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';

import { buildStudioModel, disposeStudioModel, forward } from './buildModel';
import { buildResNet, countTrainableParams } from './resnet';
import { TORCHVISION_STAGES, torchvisionParity } from './parityChecks';

const FIXTURES = join(__dirname, '../../../../shared/fixtures/torchvision-resnet');

function readFixture(name: string): { data: Float32Array; shape: number[]; maxAbs: number } {
  const bytes = readFileSync(join(FIXTURES, `${name}.bin`));
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const meta = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { shape: number[]; maxAbs: number };
  return { data, shape: meta.shape, maxAbs: meta.maxAbs };
}

function readBytes(name: string): ArrayBuffer {
  const bytes = readFileSync(join(FIXTURES, name));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
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
    ['resnet18', 'cpu'],
    ['bottleneck1111', 'cpu'],
    ['resnet18', 'wasm'],
    ['bottleneck1111', 'wasm'],
  ] as const)('%s reproduces torchvision stem, stages, features and logits on the %s backend', async (fixture, backend) => {
    await tf.setBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const expected = Object.fromEntries(TORCHVISION_STAGES.map((stage) => [stage, readFixture(`${fixture}.${stage}`)])) as Parameters<typeof torchvisionParity>[3];
    const { errors, tensorsLeft } = await torchvisionParity(fixture, readBytes(`${fixture}.safetensors`), readFixture('input'), expected);
    expect(tensorsLeft).toBe(0);
    expect(Object.keys(errors)).toEqual([...TORCHVISION_STAGES]);
    for (const [stage, error] of Object.entries(errors)) expect(error, stage).toBeLessThanOrEqual(1e-4);
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
