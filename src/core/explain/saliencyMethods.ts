import type * as tf from '@tensorflow/tfjs';

import type { StudioModel } from '../model/buildModel';
import type { FnetStage } from '../model/resnet';
import { STAGE_STRIDE, stageOutputLayer } from '../model/resnet';
import { gradCam } from './gradCam';

/** A way to explain a classification as a map over the image; adding one is a file and an entry below. */
export interface SaliencyMethod {
  label: string;
  /** Maps [batch, H, W] in [0, 1] for each image's class (its predicted one when null); the caller disposes them. */
  compute(model: StudioModel, images: tf.Tensor4D, classIndices: readonly number[] | null, stage: FnetStage): tf.Tensor3D;
}

export const SALIENCY_METHODS = {
  'grad-cam': { label: 'Grad-CAM', compute: (model, images, classIndices, stage) => gradCam(model, images, classIndices, stageOutputLayer(model.config.backbone, stage)) },
} satisfies Record<string, SaliencyMethod>;

export type SaliencyMethodName = keyof typeof SALIENCY_METHODS;
export const SALIENCY_METHOD_NAMES = Object.keys(SALIENCY_METHODS) as SaliencyMethodName[];

/** Which map explains a run's predictions: the method and the F-Net stage it reads. */
export interface SaliencyChoice {
  method: SaliencyMethodName;
  stage: FnetStage;
}

export const DEFAULT_SALIENCY: SaliencyChoice = { method: 'grad-cam', stage: 'layer4' };

export function saliencyMaps(model: StudioModel, images: tf.Tensor4D, classIndices: readonly number[] | null, choice: SaliencyChoice): tf.Tensor3D {
  return SALIENCY_METHODS[choice.method].compute(model, images, classIndices, choice.stage);
}

/** The side of the map before upsampling: what it can resolve (1 px at layer4 of a 32 px image: it cannot point). */
export function saliencyMapSidePx(imageSizePx: number, stage: FnetStage): number {
  return Math.max(1, Math.floor(imageSizePx / STAGE_STRIDE[stage]));
}

export function saliencyLabel(choice: SaliencyChoice): string {
  return `${SALIENCY_METHODS[choice.method].label} (${choice.stage})`;
}
