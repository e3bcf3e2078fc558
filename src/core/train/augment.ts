import * as tf from '@tensorflow/tfjs';

import type { Random } from '../random';

/**
 * Augments a batch identically for images [B, S, S, 3] (0–1) and masks [B, S, S, 1]: random resized crop
 * (scale 0.75–1), horizontal and vertical flips, rotation up to 45°; colour jitter on the images only.
 * Returns new tensors that the caller must dispose.
 */
export function augmentBatch(images: tf.Tensor4D, masks: tf.Tensor4D, random: Random): { images: tf.Tensor4D; masks: tf.Tensor4D } {
  return tf.tidy(() => {
    const [batch, height, width] = images.shape;
    const boxes: number[][] = [];
    const angles: number[] = [];
    const jitter: number[][] = [];
    for (let b = 0; b < batch; b++) {
      const side = Math.sqrt(random.uniform(0.75, 1));
      const y1 = random.uniform(0, 1 - side);
      const x1 = random.uniform(0, 1 - side);
      let box = [y1, x1, y1 + side, x1 + side];
      // crop_and_resize flips a box whose end comes before its start.
      if (random.next() < 0.5) box = [box[0]!, box[3]!, box[2]!, box[1]!];
      if (random.next() < 0.5) box = [box[2]!, box[1]!, box[0]!, box[3]!];
      boxes.push(box);
      angles.push(random.uniform(-Math.PI / 4, Math.PI / 4));
      jitter.push([random.uniform(0.8, 1.2), random.uniform(-0.1, 0.1), random.uniform(0.8, 1.2)]);
    }
    const stacked = tf.concat([images, masks], 3);
    const cropped = tf.image.cropAndResize(stacked, boxes, Array.from({ length: batch }, (_, b) => b), [height, width], 'bilinear');
    const rotated = tf.concat(
      tf.unstack(cropped).map((one, b) => tf.image.rotateWithOffset(tf.expandDims(one, 0) as tf.Tensor4D, angles[b]!, 0)),
      0,
    ) as tf.Tensor4D;
    const [rgb, mask] = tf.split(rotated, [3, 1], 3) as [tf.Tensor4D, tf.Tensor4D];
    // Contrast, brightness and saturation, per image.
    const contrast = tf.tensor4d(jitter.map((j) => j[0]!), [batch, 1, 1, 1]);
    const brightness = tf.tensor4d(jitter.map((j) => j[1]!), [batch, 1, 1, 1]);
    const saturation = tf.tensor4d(jitter.map((j) => j[2]!), [batch, 1, 1, 1]);
    const grey = tf.mean(rgb, 3, true);
    const saturated = tf.add(grey, tf.mul(tf.sub(rgb, grey), saturation));
    const jittered = tf.clipByValue(tf.add(tf.mul(saturated, contrast), brightness), 0, 1) as tf.Tensor4D;
    return { images: jittered, masks: tf.cast(tf.greaterEqual(mask, 0.5), 'float32') as tf.Tensor4D };
  });
}
