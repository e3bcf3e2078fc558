import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { createRandom } from '../random';
import type { AugmentDraw } from './augment';
import { augmentBatch, colourTransform, drawAugment, geometryTransform } from './augment';

const SIDE = 16;
const still: AugmentDraw = {
  rotationDegrees: 0,
  crop: { top: 0, left: 0, height: SIDE, width: SIDE },
  flipHorizontal: false,
  flipVertical: false,
  jitter: { brightness: 1, contrast: 1, saturation: 1, hue: 0, order: [0, 1, 2, 3] },
};

/** A [1, SIDE, SIDE, 1] image with every pixel different, so any misplaced pixel shows. */
const ramp = (): tf.Tensor4D => tf.reshape(tf.range(0, SIDE * SIDE), [1, SIDE, SIDE, 1]) as tf.Tensor4D;

function warp(image: tf.Tensor4D, draw: AugmentDraw, outSide = SIDE): tf.Tensor4D {
  return tf.image.transform(image, tf.tensor2d([geometryTransform(draw, image.shape[1], outSide)]), 'bilinear', 'constant', 0, [outSide, outSide]);
}

const maxDifference = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('geometry of the augmentation', () => {
  it('leaves an image as it is when nothing is drawn', () => {
    tf.tidy(() => {
      expect(maxDifference(warp(ramp(), still), ramp())).toBeLessThan(1e-4);
    });
  });

  it('flips left–right and top–bottom', () => {
    tf.tidy(() => {
      expect(maxDifference(warp(ramp(), { ...still, flipHorizontal: true }), tf.reverse(ramp(), 2))).toBeLessThan(1e-4);
      expect(maxDifference(warp(ramp(), { ...still, flipVertical: true }), tf.reverse(ramp(), 1))).toBeLessThan(1e-4);
    });
  });

  it('turns the image counter-clockwise by the drawn angle (90° moves the top row to the left column)', () => {
    tf.tidy(() => {
      // Counter-clockwise by 90°: out[y][x] = in[x][SIDE − 1 − y], i.e. transpose, then reverse the rows.
      const expected = tf.reverse(tf.transpose(ramp(), [0, 2, 1, 3]), 1);
      expect(maxDifference(warp(ramp(), { ...still, rotationDegrees: 90 }), expected)).toBeLessThan(1e-3);
    });
  });

  it('crops the drawn box and resizes it to the output size', () => {
    tf.tidy(() => {
      const crop = { top: 4, left: 2, height: 8, width: 8 };
      expect(maxDifference(warp(ramp(), { ...still, crop }, 8), tf.slice(ramp(), [0, 4, 2, 0], [1, 8, 8, 1]))).toBeLessThan(1e-4);
    });
  });

  it('draws crops inside the source with 75–100 % of its area and an aspect ratio within 3/4–4/3', () => {
    const random = createRandom(5);
    for (let i = 0; i < 500; i++) {
      const { crop } = drawAugment({ width: 86, height: 86 }, random);
      expect(crop.top >= 0 && crop.left >= 0 && crop.top + crop.height <= 86 && crop.left + crop.width <= 86).toBe(true);
      const area = (crop.height * crop.width) / 86 ** 2;
      expect(area).toBeGreaterThan(0.72);
      expect(crop.width / crop.height).toBeGreaterThan(0.72);
      expect(crop.width / crop.height).toBeLessThan(1.39);
    }
  });
});

describe('colour jitter', () => {
  const apply = (jitter: AugmentDraw['jitter'], pixel: number[], mean: number[]): number[] => {
    const { a, b } = colourTransform(jitter);
    return [0, 1, 2].map((r) => [0, 1, 2].reduce((sum, c) => sum + a[r * 3 + c]! * pixel[c]! + b[r * 3 + c]! * mean[c]!, 0));
  };
  const neutral = still.jitter;

  it('scales by the brightness factor and blends with the image mean for contrast', () => {
    expect(apply({ ...neutral, brightness: 1.1 }, [0.2, 0.4, 0.6], [0.5, 0.5, 0.5]).map((v) => v.toFixed(4))).toEqual(['0.2200', '0.4400', '0.6600']);
    // Contrast 0 leaves every pixel at the mean grey of the image.
    const grey = 0.299 * 0.1 + 0.587 * 0.3 + 0.114 * 0.9;
    expect(apply({ ...neutral, contrast: 0 }, [1, 0, 0], [0.1, 0.3, 0.9]).map((v) => v.toFixed(4))).toEqual([grey, grey, grey].map((v) => v.toFixed(4)));
  });

  it('turns a pixel grey at saturation 0 and keeps grey pixels grey under a hue turn', () => {
    const g = 0.299 * 0.8 + 0.587 * 0.2 + 0.114 * 0.4;
    expect(apply({ ...neutral, saturation: 0 }, [0.8, 0.2, 0.4], [0, 0, 0]).map((v) => v.toFixed(4))).toEqual([g, g, g].map((v) => v.toFixed(4)));
    const turned = apply({ ...neutral, hue: 0.08 }, [0.5, 0.5, 0.5], [0, 0, 0]);
    turned.forEach((v) => expect(v).toBeCloseTo(0.5, 3));
    expect(maxDifference(tf.tensor(apply({ ...neutral, hue: 0.08 }, [0.9, 0.1, 0.1], [0, 0, 0])), tf.tensor([0.9, 0.1, 0.1]))).toBeGreaterThan(0.05);
  });
});

describe('augmentBatch', () => {
  it('moves a drawn shape and its mask together under every transform, changing colours of the image only', () => {
    // A white square on black in the image and the same square in the mask, on sources decoded with a margin.
    const source = 24;
    const square = tf.tidy(() => tf.pad(tf.ones([8, 6, 7, 1]), [[0, 0], [5, source - 11], [9, source - 16], [0, 0]]) as tf.Tensor4D);
    const images = tf.tidy(() => tf.tile(square, [1, 1, 1, 3]) as tf.Tensor4D);
    const before = tf.memory().numTensors;
    const out = augmentBatch(images, square, 18, createRandom(11));
    expect(out.images.shape).toEqual([8, 18, 18, 3]);
    expect(out.masks.shape).toEqual([8, 18, 18, 1]);
    const [pixels, masks] = [out.images.arraySync(), out.masks.arraySync()];
    for (let b = 0; b < 8; b++) {
      let agree = 0;
      let inMask = 0;
      const values = pixels[b]!.flat().map((p) => p[0]!);
      const threshold = (Math.max(...values) + Math.min(...values)) / 2;
      for (let y = 0; y < 18; y++) {
        for (let x = 0; x < 18; x++) {
          const isObject = masks[b]![y]![x]![0]! > 0.5;
          if (isObject) inMask++;
          if (isObject === pixels[b]![y]![x]![0]! > threshold) agree++;
        }
      }
      expect(inMask).toBeGreaterThan(10);
      // Edge pixels may fall either side of the threshold; the shape itself must coincide.
      expect(agree / (18 * 18)).toBeGreaterThan(0.95);
      expect(new Set(masks[b]!.flat().map((p) => p[0]))).toEqual(new Set([0, 1]));
    }
    tf.dispose([out.images, out.masks]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([square, images]);
  });

  it('replays the same batch from the same seed', () => {
    const images = tf.randomUniform([4, 12, 12, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const masks = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([4, 12, 12, 1], 0, 1, 'float32', 4), 0.5), 'float32') as tf.Tensor4D);
    const [a, b] = [augmentBatch(images, masks, 10, createRandom(2)), augmentBatch(images, masks, 10, createRandom(2))];
    expect(maxDifference(a.images, b.images)).toBe(0);
    const c = augmentBatch(images, masks, 10, createRandom(3));
    expect(maxDifference(a.images, c.images)).toBeGreaterThan(0.01);
    tf.dispose([images, masks, a.images, a.masks, b.images, b.masks, c.images, c.masks]);
  });
});

describe('augmentation of a non-square file (stretched to a square when decoded)', () => {
  // A disc of radius 24 at the centre of a 128 × 64 file, decoded to 64 × 64: an upright ellipse, 24 wide, 48 tall.
  const [W, H, M] = [128, 64, 64];
  const ellipse = (): tf.Tensor4D =>
    tf.tidy(() => {
      const xs = tf.reshape(tf.mul(tf.add(tf.range(0, M), 0.5), W / M), [1, M]);
      const ys = tf.reshape(tf.mul(tf.add(tf.range(0, M), 0.5), H / M), [M, 1]);
      const inside = tf.lessEqual(tf.add(tf.square(tf.sub(xs, W / 2)), tf.square(tf.sub(ys, H / 2))), 24 * 24);
      return tf.reshape(tf.cast(inside, 'float32'), [1, M, M, 1]) as tf.Tensor4D;
    });
  const whole = { top: 0, left: 0, width: W, height: H };
  const turned = (source: { width: number; height: number } | undefined, crop: AugmentDraw['crop']): tf.Tensor =>
    tf.greater(tf.image.transform(ellipse(), tf.tensor2d([geometryTransform({ ...still, crop, rotationDegrees: 45 }, M, M, source)]), 'bilinear', 'constant', 0, [M, M]), 0.5);
  const iou = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.sum(tf.logicalAnd(a, b)).dataSync()[0]! / tf.sum(tf.logicalOr(a, b)).dataSync()[0]!);

  it('rotates in the file’s own pixels, as the reference rotates the full-size image: a disc stays the same upright ellipse', () => {
    tf.tidy(() => {
      const upright = tf.greater(ellipse(), 0.5);
      expect(iou(turned({ width: W, height: H }, whole), upright)).toBeGreaterThan(0.95);
      // Turned in the square's coordinates instead, the ellipse tilts: what the studio did before.
      expect(iou(turned(undefined, { top: 0, left: 0, width: M, height: M }), upright)).toBeLessThan(0.8);
    });
  });

  it('draws crops in the file’s own pixels, inside it, as torchvision does (75–100 % of a 4:3 file; the centred 4:3 crop when none fits)', () => {
    const random = createRandom(8);
    for (let i = 0; i < 300; i++) {
      const { crop } = drawAugment({ width: 256, height: 192 }, random);
      expect(crop.left >= 0 && crop.top >= 0 && crop.left + crop.width <= 256 && crop.top + crop.height <= 192).toBe(true);
      expect(crop.width * crop.height).toBeGreaterThanOrEqual(0.74 * 256 * 192);
    }
    // A 2:1 file: few draws fit, and the fallback is the centred crop of aspect 4/3, as RandomResizedCrop's.
    const crops = Array.from({ length: 300 }, () => drawAugment({ width: W, height: H }, random).crop);
    expect(crops).toContainEqual({ top: 0, left: 21, width: 85, height: 64 });
    expect(crops.every((c) => c.left + c.width <= W && c.top + c.height <= H)).toBe(true);
  });
});
