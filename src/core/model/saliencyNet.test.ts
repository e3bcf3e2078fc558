import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';

import { resizeBilinearAdjoint, resizeBilinearHalfPixel } from './resizeBilinear';
import { SPN_OUTPUTS, spnParity } from './parityChecks';
import { saliencyNetPlan } from './saliencyNet';

const FIXTURES = join(__dirname, '../../../../shared/fixtures/torch-spn');

interface Fixture {
  data: Float32Array;
  shape: number[];
  maxAbs: number;
}

function readFixture(name: string): Fixture {
  const bytes = readFileSync(join(FIXTURES, `${name}.bin`));
  const meta = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { shape: number[]; maxAbs: number };
  return { data: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), shape: meta.shape, maxAbs: meta.maxAbs };
}

const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as {
  cases: Record<string, { channels: number; imageSizePx: number; featureSizePx: number; batch: number; blockChannels: number[]; blockSizesPx: number[] }>;
};

describe('SPN plan', () => {
  it.each(Object.entries(manifest.cases))('%s has the reference channels and sizes', (_name, c) => {
    expect(saliencyNetPlan(c.channels, 4, c.imageSizePx)).toEqual({ channels: c.blockChannels, sizesPx: c.blockSizesPx });
  });

  it('sizes the 3-block variant as the report code does (16, 64, 224 px; C/8, C/64)', () => {
    expect(saliencyNetPlan(2048, 3, 224)).toEqual({ sizesPx: [16, 64, 224], channels: [256, 32, 16] });
  });
});

describe('half-pixel bilinear resize', () => {
  it('keeps an impulse at the centre of the map centred through the ×4, ×2, ×2, ×2 chain', () => {
    const centroid = tf.tidy(() => {
      // The centre of a 4×4 map: its middle 2×2 pixels.
      let x = tf.pad(tf.ones([1, 2, 2, 1]), [[0, 0], [1, 1], [1, 1], [0, 0]]) as tf.Tensor4D;
      for (const size of [16, 32, 64, 128]) x = resizeBilinearHalfPixel(x, size, size);
      const map = x.reshape([128, 128]);
      const index = tf.range(0, 128);
      const total = tf.sum(map);
      return [tf.div(tf.sum(tf.mul(map, index.reshape([128, 1]))), total).dataSync()[0]!, tf.div(tf.sum(tf.mul(map, index.reshape([1, 128]))), total).dataSync()[0]!];
    });
    expect(centroid[0]).toBeCloseTo(63.5, 3);
    expect(centroid[1]).toBeCloseTo(63.5, 3);
  });

  it.each(['cpu', 'wasm'] as const)('has the exact gradient of its forward map on %s (the adjoint of a linear map)', async (backend) => {
    await tf.setBackend(backend);
    const x = tf.randomUniform([2, 5, 3, 2], -1, 1, 'float32', 7) as tf.Tensor4D;
    const w = tf.randomUniform([2, 14, 9, 2], -1, 1, 'float32', 8);
    const f = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(resizeBilinearHalfPixel(t as tf.Tensor4D, 14, 9), w));
    const grad = tf.grad(f)(x);
    // The map is linear, so <grad, v> must equal f(v) for any v.
    const v = tf.randomUniform([2, 5, 3, 2], -1, 1, 'float32', 9);
    const lhs = tf.sum(tf.mul(grad, v)).dataSync()[0]!;
    const rhs = f(v).dataSync()[0]!;
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * Math.abs(rhs) + 1e-5);
    // The one-pass kernel (CPU here) and the matrix-product form that WebGPU and WebGL use agree.
    const products = resizeBilinearAdjoint(w as tf.Tensor4D, 5, 3);
    expect(tf.max(tf.abs(tf.sub(products, grad))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, w, grad, v, products]);
    await tf.setBackend('cpu');
  });
});

describe('SPN parity with PyTorch on ../shared/fixtures/torch-spn', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  const cases = Object.keys(manifest.cases).flatMap((name) => (['cpu', 'wasm'] as const).map((backend) => [name, backend] as const));
  it.each(cases)('%s reproduces eval mode, every block and train mode on the %s backend', async (name, backend) => {
    await tf.setBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    const bytes = readFileSync(join(FIXTURES, `${name}.safetensors`));
    const expected = Object.fromEntries(SPN_OUTPUTS.map((output) => [output, readFixture(`${name}.${output}`)])) as Parameters<typeof spnParity>[4];
    const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const { errors, tensorsLeft } = await spnParity(manifest.cases[name]!, weights, `${name}.safetensors`, readFixture(`${name}.input`), expected);
    expect(tensorsLeft).toBe(0);
    expect(Object.keys(errors)).toEqual([...SPN_OUTPUTS]);
    for (const [output, error] of Object.entries(errors)) expect(error, output).toBeLessThanOrEqual(1e-4);
  });
});
