import * as tf from '@tensorflow/tfjs';

import type { BackboneName } from './modelConfig';
import { BLOCKS_PER_STAGE, scaledChannels } from './modelConfig';

// torchvision's BatchNorm2d: eps 1e-5 and momentum 0.1 (0.9 in TensorFlow.js's convention).
const BN_EPSILON = 1e-5;
const BN_MOMENTUM = 0.9;

/** The F-Net's residual stages, by torchvision's names; Grad-CAM can read any of them (layer4 by default). */
export const FNET_STAGES = ['layer1', 'layer2', 'layer3', 'layer4'] as const;
export type FnetStage = (typeof FNET_STAGES)[number];

/** How much smaller than the input each stage's feature map is (a 64 px input gives 8×8 at layer2). */
export const STAGE_STRIDE: Record<FnetStage, number> = { layer1: 4, layer2: 8, layer3: 16, layer4: 32 };

/** The layer whose output is a stage's output: its last block's final ReLU (layer3_1_out in ResNet18). */
export function stageOutputLayer(backbone: BackboneName, stage: FnetStage): string {
  const index = Number(stage.slice(-1)) - 1;
  return `${stage}_${BLOCKS_PER_STAGE[backbone][index]! - 1}_out`;
}

/** Layer names follow torchvision's module paths with '.' replaced by '_' (layer1.0.conv1 → layer1_0_conv1). */
export function layerNameOf(torchModulePath: string): string {
  return torchModulePath.replaceAll('.', '_');
}

export interface ResNetOptions {
  backbone: BackboneName;
  width: number;
  imageSizePx: number;
  /** Also output the stem and the first three stages (for parity checks and debugging). */
  withStageOutputs?: boolean;
  /** Blocks per stage, when not the backbone's own (e.g. a small Bottleneck [1, 1, 1, 1] for tests). */
  blocksPerStage?: readonly [number, number, number, number];
}

function conv(
  x: tf.SymbolicTensor,
  name: string,
  filters: number,
  kernelSize: number,
  stride: number,
): tf.SymbolicTensor {
  // PyTorch pads symmetrically, which TensorFlow's 'same' matches at stride 1 only (at stride 2 it pads
  // bottom/right). 'same' where it matches also spares the input gradient the padded border's rows.
  const pad = Math.floor(kernelSize / 2);
  const isSame = stride === 1 && pad > 0;
  const padded =
    pad > 0 && !isSame
      ? (tf.layers.zeroPadding2d({ padding: pad, name: `${name}_pad` }).apply(x) as tf.SymbolicTensor)
      : x;
  return tf.layers
    .conv2d({
      filters,
      kernelSize,
      strides: stride,
      padding: isSame ? 'same' : 'valid',
      useBias: false,
      // Drawn from the run's seed by initializeWeights.
      kernelInitializer: 'zeros',
      name,
    })
    .apply(padded) as tf.SymbolicTensor;
}

function batchNorm(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers
    .batchNormalization({ epsilon: BN_EPSILON, momentum: BN_MOMENTUM, name })
    .apply(x) as tf.SymbolicTensor;
}

function relu(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers.reLU({ name }).apply(x) as tf.SymbolicTensor;
}

function add(a: tf.SymbolicTensor, b: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers.add({ name }).apply([a, b]) as tf.SymbolicTensor;
}

function basicBlock(
  x: tf.SymbolicTensor,
  prefix: string,
  planes: number,
  stride: number,
  hasDownsample: boolean,
): tf.SymbolicTensor {
  let out = conv(x, `${prefix}_conv1`, planes, 3, stride);
  out = relu(batchNorm(out, `${prefix}_bn1`), `${prefix}_relu1`);
  out = batchNorm(conv(out, `${prefix}_conv2`, planes, 3, 1), `${prefix}_bn2`);
  const shortcut = hasDownsample
    ? batchNorm(conv(x, `${prefix}_downsample_0`, planes, 1, stride), `${prefix}_downsample_1`)
    : x;
  return relu(add(out, shortcut, `${prefix}_add`), `${prefix}_out`);
}

function bottleneck(
  x: tf.SymbolicTensor,
  prefix: string,
  planes: number,
  stride: number,
  hasDownsample: boolean,
): tf.SymbolicTensor {
  let out = relu(batchNorm(conv(x, `${prefix}_conv1`, planes, 1, 1), `${prefix}_bn1`), `${prefix}_relu1`);
  // torchvision "v1.5": the stride sits on the 3×3 conv.
  out = relu(batchNorm(conv(out, `${prefix}_conv2`, planes, 3, stride), `${prefix}_bn2`), `${prefix}_relu2`);
  out = batchNorm(conv(out, `${prefix}_conv3`, planes * 4, 1, 1), `${prefix}_bn3`);
  const shortcut = hasDownsample
    ? batchNorm(conv(x, `${prefix}_downsample_0`, planes * 4, 1, stride), `${prefix}_downsample_1`)
    : x;
  return relu(add(out, shortcut, `${prefix}_add`), `${prefix}_out`);
}

/**
 * Builds the F-Net: a torchvision-layout ResNet up to its last stage, NHWC.
 * Output: the feature map, [batch, size/32, size/32, C] (C = 512·width, ×4 for ResNet50);
 * with `withStageOutputs`, [stem, layer1, layer2, layer3, features].
 */
export function buildResNet(options: ResNetOptions): tf.LayersModel {
  const { backbone, width, imageSizePx } = options;
  const isBottleneck = backbone === 'resnet50';
  const input = tf.input({ shape: [imageSizePx, imageSizePx, 3], name: 'image' });
  let x = conv(input, 'conv1', scaledChannels(64, width), 7, 2);
  x = relu(batchNorm(x, 'bn1'), 'relu');
  // Zero padding is exact before this max pool because its input follows a ReLU.
  x = tf.layers.zeroPadding2d({ padding: 1, name: 'maxpool_pad' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'maxpool' })
    .apply(x) as tf.SymbolicTensor;
  const stem = x;
  const stageOutputs: tf.SymbolicTensor[] = [];
  let inChannels = scaledChannels(64, width);
  (options.blocksPerStage ?? BLOCKS_PER_STAGE[backbone]).forEach((blockCount, stageIndex) => {
    const planes = scaledChannels(64 * 2 ** stageIndex, width);
    const outChannels = isBottleneck ? planes * 4 : planes;
    for (let i = 0; i < blockCount; i++) {
      const stride = i === 0 && stageIndex > 0 ? 2 : 1;
      const hasDownsample = i === 0 && (stride !== 1 || inChannels !== outChannels);
      const prefix = `layer${stageIndex + 1}_${i}`;
      x = isBottleneck
        ? bottleneck(x, prefix, planes, stride, hasDownsample)
        : basicBlock(x, prefix, planes, stride, hasDownsample);
      inChannels = outChannels;
    }
    stageOutputs.push(x);
  });
  const outputs = options.withStageOutputs ? [stem, ...stageOutputs] : x;
  return tf.model({ inputs: input, outputs, name: `fnet_${backbone}` });
}

/** Learnable parameters as torchvision counts them: batch-norm running statistics excluded. */
export function countTrainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}
