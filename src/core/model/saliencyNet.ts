import * as tf from '@tensorflow/tfjs';

import { ResizeBilinearLayer } from './resizeBilinear';

/** Each SPN block's output size and channels, as the report's own code sizes the decoder. */
export interface SaliencyNetPlan {
  sizesPx: number[];
  channels: number[];
}

// Output sizes as fractions of the input at 224 px (16, 48, 144, 224 and 16, 64, 224).
const SIZE_FRACTIONS: Record<3 | 4, readonly number[]> = { 4: [16 / 224, 48 / 224, 144 / 224, 1], 3: [16 / 224, 64 / 224, 1] };

/**
 * The SPN's plan for C feature channels and an S px input: 4 blocks C → C/4 → C/16 → 16 → 16 at round(S·16/224),
 * round(S·48/224), round(S·144/224), S; 3 blocks C → C/8 → C/64 → 16 at round(S·16/224), round(S·64/224), S.
 */
export function saliencyNetPlan(featureChannels: number, blocks: 3 | 4, imageSizePx: number): SaliencyNetPlan {
  const divided = (d: number): number => Math.max(1, Math.floor(featureChannels / d));
  return {
    sizesPx: SIZE_FRACTIONS[blocks].map((f) => Math.round(imageSizePx * f)),
    channels: blocks === 4 ? [divided(4), divided(16), 16, 16] : [divided(8), divided(64), 16],
  };
}

/** Layer names follow the PyTorch module paths of the reference's SPNPaper (spn_blocks_0_1 ↔ blocks.0.1). */
export const SPN_LAYER_PREFIX = 'spn_';

/**
 * SPN in the report's block order: bilinear upsampling with half-pixel centres (PyTorch's align_corners=False),
 * 3×3 conv with bias, batch norm (eps 1e-5), ReLU; then a 1×1 conv. Outputs mask logits [batch, S, S, 1]; the
 * sigmoid is applied by the loss and by display. Kernels start at zero: initializeWeights draws them from the seed.
 */
export function buildSaliencyNet(featureShape: [number, number, number], blocks: 3 | 4, imageSizePx: number): tf.LayersModel {
  const plan = saliencyNetPlan(featureShape[2], blocks, imageSizePx);
  const input = tf.input({ shape: featureShape, name: 'spn_features' });
  let x: tf.SymbolicTensor = input;
  plan.sizesPx.forEach((sizePx, i) => {
    const name = `${SPN_LAYER_PREFIX}blocks_${i}`;
    x = new ResizeBilinearLayer({ height: sizePx, width: sizePx, name: `${name}_0` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ filters: plan.channels[i]!, kernelSize: 3, padding: 'same', kernelInitializer: 'zeros', name: `${name}_1` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9, name: `${name}_2` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `${name}_3` }).apply(x) as tf.SymbolicTensor;
  });
  const logits = tf.layers.conv2d({ filters: 1, kernelSize: 1, kernelInitializer: 'zeros', name: `${SPN_LAYER_PREFIX}head` }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'spn' });
}
