import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { classificationLoss, localizationLoss } from './losses';

const value = (t: tf.Tensor): number => t.dataSync()[0]!;

describe('classificationLoss', () => {
  it('equals −log softmax of the true class', () => {
    const loss = tf.tidy(() => value(classificationLoss(tf.tensor2d([[2, 0, 0]]), tf.tensor1d([0]))));
    const expected = -Math.log(Math.exp(2) / (Math.exp(2) + 2));
    expect(loss).toBeCloseTo(expected, 5);
  });
});

describe('localizationLoss', () => {
  // Two 1×2 images: the first has a mask [1, 0], the second has none.
  const logits = () => tf.tensor4d([0, 0, 3, -3], [2, 1, 2, 1]);
  const targets = () => tf.tensor4d([1, 0, 0, 0], [2, 1, 2, 1]);

  it('computes BCE only over images that have a mask', () => {
    const loss = tf.tidy(() => value(localizationLoss(logits(), targets(), tf.tensor1d([1, 0]), 'bce')));
    expect(loss).toBeCloseTo(Math.log(2), 5);
  });

  it('computes L1 and L2 on the sigmoid of the logits', () => {
    const l1 = tf.tidy(() => value(localizationLoss(logits(), targets(), tf.tensor1d([1, 0]), 'l1')));
    const l2 = tf.tidy(() => value(localizationLoss(logits(), targets(), tf.tensor1d([1, 0]), 'l2')));
    expect(l1).toBeCloseTo(0.5, 5);
    expect(l2).toBeCloseTo(0.25, 5);
  });

  it('adds no localization loss for an image without a mask, rather than treating it as empty', () => {
    const withBoth = tf.tidy(() => value(localizationLoss(logits(), targets(), tf.tensor1d([1, 1]), 'l2')));
    const onlyFirst = tf.tidy(() => value(localizationLoss(logits(), targets(), tf.tensor1d([1, 0]), 'l2')));
    expect(withBoth).not.toBeCloseTo(onlyFirst, 3);
  });

  it('gives zero loss and a zero gradient when no image in the batch has a mask', () => {
    const before = tf.memory().numTensors;
    const { loss, gradientMax } = tf.tidy(() => {
      const x = logits();
      const { value: l, grad } = tf.valueAndGrad((z: tf.Tensor) => localizationLoss(z as tf.Tensor4D, targets(), tf.tensor1d([0, 0]), 'bce'))(x);
      return { loss: value(l), gradientMax: value(tf.max(tf.abs(grad))) };
    });
    expect(loss).toBe(0);
    expect(gradientMax).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('totalLoss on a real model', () => {
  it('gives the SPN a zero gradient when no image of the batch has a mask', async () => {
    const { buildStudioModel, disposeStudioModel, forward } = await import('../model/buildModel');
    const { totalLoss } = await import('./losses');
    const model = buildStudioModel({ backbone: 'resnet18', width: 1 / 16, imageSizePx: 32, classCount: 2, spn: { blocks: 4 } }, 1);
    const spnVariables = model.spn!.trainableWeights.map((w) => w.read() as tf.Variable);
    const norms = tf.tidy(() => {
      const images = tf.randomNormal([2, 32, 32, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
      const { grads } = tf.variableGrads(() => {
        const out = forward(model, images, true);
        return totalLoss(out.logits, out.maskLogits, tf.tensor1d([0, 1]), tf.ones([2, 32, 32, 1]) as tf.Tensor4D, tf.tensor1d([0, 0]), 'bce', 1).total;
      }, spnVariables);
      return Object.values(grads).map((g) => value(tf.max(tf.abs(g))));
    });
    expect(norms.length).toBeGreaterThan(0);
    expect(norms.every((n) => n === 0)).toBe(true);
    disposeStudioModel(model);
  });
});
