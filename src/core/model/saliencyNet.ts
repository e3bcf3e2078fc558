import * as tf from '@tensorflow/tfjs';

import { scaledChannels } from './modelConfig';

// Integer upsampling factors whose product is the backbone stride (the report upsamples 32× in 4 blocks).
const UPSAMPLING_FACTORS: Record<3 | 4, readonly number[]> = {
  3: [4, 4, 2],
  4: [4, 2, 2, 2],
};
const BLOCK_CHANNELS = [256, 128, 64, 32];

/**
 * SPN: N blocks of bilinear upsampling, 3×3 conv, batch norm and ReLU, back to the input size,
 * then a 1×1 conv. Outputs mask logits [batch, H, W, 1]; the sigmoid is applied by the loss and by display.
 */
export function buildSaliencyNet(
  featureShape: [number, number, number],
  blocks: 3 | 4,
  width: number,
): tf.LayersModel {
  const input = tf.input({ shape: featureShape, name: 'spn_features' });
  let x: tf.SymbolicTensor = input;
  UPSAMPLING_FACTORS[blocks].forEach((factor, i) => {
    const name = `spn_block${i + 1}`;
    x = tf.layers
      .upSampling2d({ size: [factor, factor], interpolation: 'bilinear', name: `${name}_up` })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .conv2d({
        filters: scaledChannels(BLOCK_CHANNELS[i] ?? 32, width),
        kernelSize: 3,
        padding: 'same',
        useBias: false,
        kernelInitializer: 'heNormal',
        name: `${name}_conv`,
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9, name: `${name}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `${name}_relu` }).apply(x) as tf.SymbolicTensor;
  });
  const logits = tf.layers
    .conv2d({ filters: 1, kernelSize: 1, name: 'spn_logits' })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'spn' });
}

