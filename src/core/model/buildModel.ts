import type * as tf from '@tensorflow/tfjs';

import { StudioError } from '../errors';
import { buildClassifierHead } from './classifierHead';
import type { ModelConfig } from './modelConfig';
import { BACKBONE_STRIDE, featureChannels } from './modelConfig';
import { initializeWeights } from './initializeWeights';
import { buildLegacySaliencyNet } from './legacySaliencyNet';
import { buildResNet } from './resnet';
import { endLayers, runLayers } from './runLayers';
import { buildSaliencyNet } from './saliencyNet';

/** F-Net, C-Net and (unless baseline) SPN, kept as separate models so Grad-CAM can reach the feature map. */
export interface StudioModel {
  config: ModelConfig;
  fnet: tf.LayersModel;
  cnet: tf.LayersModel;
  spn: tf.LayersModel | null;
}

export interface ForwardOutputs {
  /** [batch, h, w, C] feature map of the last stage. */
  features: tf.Tensor4D;
  /** [batch, K] class logits. */
  logits: tf.Tensor2D;
  /** [batch, H, W, 1] mask logits, or null for the baseline. */
  maskLogits: tf.Tensor4D | null;
  /** The output of the F-Net layer asked for, when one was. */
  stage: tf.Tensor4D | null;
}

export function validateModelConfig(config: ModelConfig): void {
  if (config.imageSizePx < BACKBONE_STRIDE || config.imageSizePx % BACKBONE_STRIDE !== 0) {
    throw new StudioError('bad-config', `image size must be a multiple of ${BACKBONE_STRIDE} px (got ${config.imageSizePx})`);
  }
  if (!(config.width > 0 && config.width <= 4)) {
    throw new StudioError('bad-config', `width multiplier must be in (0, 4] (got ${config.width})`);
  }
  if (!Number.isInteger(config.classCount) || config.classCount < 2) {
    throw new StudioError('bad-config', `a classifier needs at least 2 classes (got ${config.classCount})`);
  }
}

/**
 * Builds a model with every weight drawn from `seed` (see initializeWeights), or all zeros when `seed` is null
 * (a shape to load weights into). The caller owns it and must call disposeStudioModel.
 */
export function buildStudioModel(config: ModelConfig, seed: number | null): StudioModel {
  validateModelConfig(config);
  const fnet = buildResNet({ backbone: config.backbone, width: config.width, imageSizePx: config.imageSizePx });
  const side = config.imageSizePx / BACKBONE_STRIDE;
  const featureShape: [number, number, number] = [side, side, featureChannels(config.backbone, config.width)];
  const cnet = buildClassifierHead(featureShape, config.classCount);
  const spn = !config.spn
    ? null
    : config.spn.design === 'v1'
      ? buildLegacySaliencyNet(featureShape, config.spn.blocks, config.width)
      : buildSaliencyNet(featureShape, config.spn.blocks, config.imageSizePx);
  const model = { config, fnet, cnet, spn };
  if (seed !== null) initializeWeights(model, seed);
  return model;
}

/** A part's output for one input, layer by layer (fusing batch norm in training), with every layer's output. */
function runPart(part: tf.LayersModel, input: tf.Tensor, training: boolean): { output: tf.Tensor; outputs: Map<string, tf.Tensor> } {
  const ends = endLayers(part);
  const outputs = runLayers(part, new Map([[ends.input, input]]), training);
  return { output: outputs.get(ends.output)!, outputs };
}

/**
 * Runs every head, and returns the output of the F-Net layer `stageLayer` too when asked. Training runs the F-Net and
 * SPN layer by layer, so batch norm, ReLU and residual adds run fused (see runLayers); inference uses the models as
 * they are. The caller disposes the returned tensors (inside a tidy, that is automatic).
 */
export function forward(model: StudioModel, images: tf.Tensor4D, training: boolean, stageLayer: string | null = null): ForwardOutputs {
  let features: tf.Tensor4D;
  let stage: tf.Tensor4D | null = null;
  if (training || stageLayer) {
    const fnet = runPart(model.fnet, images, training);
    features = fnet.output as tf.Tensor4D;
    if (stageLayer) {
      stage = (fnet.outputs.get(stageLayer) as tf.Tensor4D | undefined) ?? null;
      if (!stage) throw new StudioError('bad-config', `the F-Net has no layer ${stageLayer}`);
    }
  } else {
    features = model.fnet.apply(images, { training }) as tf.Tensor4D;
  }
  const logits = model.cnet.apply(features, { training }) as tf.Tensor2D;
  const maskLogits = !model.spn ? null : ((training ? runPart(model.spn, features, true).output : model.spn.apply(features, { training })) as tf.Tensor4D);
  return { features, logits, maskLogits, stage };
}

/** F-Net, C-Net and (unless baseline) SPN, in the order their weights are saved and restored. */
export function modelParts(model: StudioModel): tf.LayersModel[] {
  return [model.fnet, model.cnet, ...(model.spn ? [model.spn] : [])];
}

export function trainableVariables(model: StudioModel): tf.Variable[] {
  return modelParts(model).flatMap((part) => part.trainableWeights.map((w) => w.read() as tf.Variable));
}

export function disposeStudioModel(model: StudioModel): void {
  for (const part of modelParts(model)) part.dispose();
}
