import * as tf from '@tensorflow/tfjs';

/**
 * The share of a stage's activation energy (the sum of its non-negative channels) that lies outside the object,
 * averaged over the images whose mask counts: 0 when every activation sits on the object. Grad-CAM on that stage is a
 * weighted sum of those activations, so lowering this moves the map onto the object. Activation [B, h, w, C] ≥ 0,
 * masks [B, S, S, 1] with S a multiple of h; hasMask [B].
 */
export function outsideEnergyLoss(activation: tf.Tensor4D, masks: tf.Tensor4D, hasMask: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const [, side] = activation.shape;
    const factor = masks.shape[1] / side;
    // The object's share of each feature-map cell.
    const cellMask = factor === 1 ? masks : (tf.avgPool(masks, factor, factor, 'valid') as tf.Tensor4D);
    const energy = tf.sum(activation, 3, true);
    const outside = tf.sum(tf.mul(energy, tf.sub(1, cellMask)), [1, 2, 3]);
    const share = tf.div(outside, tf.add(tf.sum(energy, [1, 2, 3]), 1e-6));
    return tf.div(tf.sum(tf.mul(share, hasMask)), tf.maximum(tf.sum(hasMask), 1)) as tf.Scalar;
  });
}
