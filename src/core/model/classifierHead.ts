import * as tf from '@tensorflow/tfjs';

/**
 * C-Net: global average pooling → dense 1024 (ReLU) → dense K. Outputs logits; softmax lives in the loss.
 * Weights start at zero: initializeWeights draws them from the seed.
 */
export function buildClassifierHead(featureShape: [number, number, number], classCount: number, hiddenUnits = 1024): tf.LayersModel {
  const input = tf.input({ shape: featureShape, name: 'cnet_features' });
  const pooled = tf.layers.globalAveragePooling2d({ name: 'cnet_pool' }).apply(input);
  const hidden = tf.layers
    .dense({ units: hiddenUnits, activation: 'relu', kernelInitializer: 'zeros', name: 'cnet_fc1' })
    .apply(pooled);
  const logits = tf.layers.dense({ units: classCount, kernelInitializer: 'zeros', name: 'cnet_fc2' }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'cnet' });
}
