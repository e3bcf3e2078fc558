import * as tf from '@tensorflow/tfjs';

import { scaledChannels } from './modelConfig';

const FACTORS: Record<3 | 4, readonly number[]> = { 3: [4, 4, 2], 4: [4, 2, 2, 2] };
const BLOCK_CHANNELS = [256, 128, 64, 32];

/**
 * The SPN of bundles in format version 1 (Saliency Studio before issue 13): integer bilinear upsampling without
 * half-pixel centres, 256·w → 128·w → 64·w → 32·w channels. Built only to check and open such bundles as they were
 * trained; new runs use buildSaliencyNet.
 */
export function buildLegacySaliencyNet(featureShape: [number, number, number], blocks: 3 | 4, width: number): tf.LayersModel {
  const input = tf.input({ shape: featureShape, name: 'spn_features' });
  let x: tf.SymbolicTensor = input;
  FACTORS[blocks].forEach((factor, i) => {
    const name = `spn_block${i + 1}`;
    x = tf.layers.upSampling2d({ size: [factor, factor], interpolation: 'bilinear', name: `${name}_up` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ filters: scaledChannels(BLOCK_CHANNELS[i] ?? 32, width), kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: 'zeros', name: `${name}_conv` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9, name: `${name}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `${name}_relu` }).apply(x) as tf.SymbolicTensor;
  });
  const logits = tf.layers.conv2d({ filters: 1, kernelSize: 1, kernelInitializer: 'zeros', name: 'spn_logits' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'spn' });
}
