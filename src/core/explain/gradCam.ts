import * as tf from '@tensorflow/tfjs';

import { endLayers, runLayers } from '../model/runLayers';

/** The two halves of a classifier that Grad-CAM needs: image → feature map, and feature map → logits. */
export interface CamModel {
  fnet: tf.LayersModel;
  cnet: tf.LayersModel;
}

/**
 * Grad-CAM on one F-Net layer (its last one by default), in inference mode: per image, the gradient of the chosen
 * class's logit (before softmax) with respect to that layer's activation, averaged over space into channel weights,
 * then ReLU of the weighted sum, bilinear upsampling (half-pixel centres) to the image size, and min-max
 * normalization to [0, 1] (all zeros for a map with no positive evidence). `classIndices` null means each image's
 * predicted class. Returns [batch, H, W]; the caller must dispose it.
 */
export function gradCam(model: CamModel, images: tf.Tensor4D, classIndices: readonly number[] | null, layerName?: string): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, height, width] = images.shape;
    const { input, output } = endLayers(model.fnet);
    const stage = layerName ?? output;
    const activations = runLayers(model.fnet, new Map([[input, images]]));
    const activation = activations.get(stage) as tf.Tensor4D | undefined;
    if (!activation) throw new Error(`the F-Net has no layer ${stage}`);
    const logits = model.cnet.apply(activations.get(output)!, { training: false }) as tf.Tensor2D;
    const classes = classIndices ? tf.tensor1d([...classIndices], 'int32') : tf.argMax(logits, 1);
    const selector = tf.oneHot(classes as tf.Tensor1D, logits.shape[1]);
    // Each image's logit depends only on its own activation, so one gradient of the sum keeps images apart; the
    // layers after `stage` run again from it (nothing before it).
    const classScore = (a: tf.Tensor): tf.Scalar => {
      const features = runLayers(model.fnet, new Map([[stage, a]])).get(output)!;
      return tf.sum(tf.mul(model.cnet.apply(features, { training: false }) as tf.Tensor2D, selector));
    };
    const gradients = tf.grad(classScore)(activation) as tf.Tensor4D;
    const channelWeights = tf.mean(gradients, [1, 2], true);
    const cam = tf.relu(tf.sum(tf.mul(activation, channelWeights), 3, true)) as tf.Tensor4D;
    const upsampled = tf.image.resizeBilinear(cam, [height, width], false, true);
    const flat = tf.reshape(upsampled, [batch, height * width]);
    const low = tf.min(flat, 1, true);
    const range = tf.sub(tf.max(flat, 1, true), low);
    const normalized = tf.where(tf.greater(range, 0), tf.div(tf.sub(flat, low), tf.maximum(range, 1e-12)), tf.zerosLike(flat));
    return tf.reshape(normalized, [batch, height, width]) as tf.Tensor3D;
  });
}
