import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';

import type { StudioModel } from './buildModel';
import { buildStudioModel, disposeStudioModel, forward, modelParts, trainableVariables } from './buildModel';

/** One training-mode forward pass: the loss's value and gradients, and every weight afterwards (moving averages too). */
function step(model: StudioModel, images: tf.Tensor4D, fused: boolean): number[][] {
  return tf.tidy((): tf.TensorContainer => {
    const loss = (): tf.Scalar => {
      if (fused) {
        const out = forward(model, images, true);
        return tf.add(tf.sum(tf.square(out.logits)), tf.mean(out.maskLogits!)) as tf.Scalar;
      }
      // TensorFlow.js's own layers, unfused.
      const features = model.fnet.apply(images, { training: true }) as tf.Tensor;
      const logits = model.cnet.apply(features, { training: true }) as tf.Tensor;
      return tf.add(tf.sum(tf.square(logits)), tf.mean(model.spn!.apply(features, { training: true }) as tf.Tensor)) as tf.Scalar;
    };
    const { value, grads } = tf.variableGrads(loss, trainableVariables(model));
    return [[value.dataSync()[0]!], ...Object.values(grads).map((g) => Array.from(g.dataSync())), ...modelParts(model).flatMap((p) => p.getWeights().map((w) => Array.from(w.dataSync())))];
  }) as unknown as number[][];
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('a training step with batch norm, ReLU and residual adds fused', () => {
  it.each(['cpu', 'wasm'] as const)('on %s gives the loss, gradients and moving averages of TensorFlow.js’s own layers, in far fewer kernels', async (backend) => {
    await tf.setBackend(backend);
    const config = { backbone: 'resnet18' as const, width: 1 / 16, imageSizePx: 64, classCount: 3, spn: { blocks: 4 as const } };
    const [a, b] = [buildStudioModel(config, 5), buildStudioModel(config, 5)];
    const images = tf.randomNormal([4, 64, 64, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const [fused, unfused] = [step(a, images, true), step(b, images, false)];
    expect(tf.memory().numTensors).toBe(before);
    expect(fused.length).toBe(unfused.length);
    // The moving variances differ by design: the fused step takes the batch's unbiased variance, as PyTorch does,
    // where TensorFlow.js's layer takes the biased one. From the initial 1: ours = 0.9 + f·(theirs − 0.9), f = n/(n − 1)
    // for the n = batch · H · W values per channel of that layer's map (H = W, a power of two or an SPN size here).
    const names = [...Array(1 + Object.keys(trainableVariables(a)).length).fill(''), ...modelParts(a).flatMap((p) => p.weights.map((w) => w.originalName))];
    const mapSides = [1, 2, 4, 8, 16, 32, 5, 14, 41, 64];
    let worst = 0;
    fused.forEach((row, i) => {
      if (!/moving_variance/.test(names[i]!)) {
        row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - unfused[i]![j]!) / (1 + Math.abs(unfused[i]![j]!)))));
        return;
      }
      const factors = row.map((v, j) => (v - 0.9) / (unfused[i]![j]! - 0.9));
      const mean = factors.reduce((x, y) => x + y, 0) / factors.length;
      const n = mapSides.map((side) => 4 * side * side).sort((p, q) => Math.abs(mean - p / (p - 1)) - Math.abs(mean - q / (q - 1)))[0]!;
      // The largest map (the SPN's 64×64, n = 16,384) sets f 6.1e-5 above the biased 1; float32 noise in one channel's
      // f is up to ~3e-5 there, less in the mean over channels.
      expect(Math.abs(mean - n / (n - 1)), `${names[i]}: n = ${n}`).toBeLessThan(1.5e-5);
      factors.forEach((f) => expect(Math.abs(f - n / (n - 1)), `${names[i]}: n = ${n}`).toBeLessThan(5e-5));
    });
    expect(names.filter((name) => /moving_variance/.test(name)).length).toBeGreaterThan(10);
    expect(worst).toBeLessThan(1e-4);
    const kernels = async (fusedStep: boolean): Promise<number> => (await tf.profile(() => tf.tidy(() => tf.tensor(step(fusedStep ? a : b, images, fusedStep)[0]!)))).kernels.filter((k) => !k.name.endsWith('__op')).length;
    const [k1, k2] = [await kernels(true), await kernels(false)];
    expect(k1).toBeLessThan(0.7 * k2);
    tf.dispose(images);
    [a, b].forEach(disposeStudioModel);
  });
});
