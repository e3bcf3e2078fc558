import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

import { StudioError } from '../errors';
import type { StudioModel } from '../model/buildModel';
import { modelParts } from '../model/buildModel';
import type { AdamState } from './adam';
import type { HistoryEntry } from './trainingEvents';

const finite = z.number().refine(Number.isFinite, 'is not a finite number');
const floats = z.array(z.custom<Float32Array>((v) => v instanceof Float32Array, 'is not a Float32Array'));

export const historyEntrySchema = z.object({
  epoch: z.number().int().positive(),
  trainLoss: finite,
  trainClsLoss: finite,
  trainLocLoss: finite.nullable(),
  valLoss: finite,
  valLocLoss: finite.nullable(),
  valF1: z.number().min(0).max(1),
  valAccuracy: z.number().min(0).max(1),
  seconds: z.number().nonnegative(),
}) satisfies z.ZodType<HistoryEntry>;

/**
 * A run's state at the end of an epoch, as plain arrays: enough to continue exactly where it stopped (weights in
 * the order of the model parts' getWeights(), Adam's moments in the order of the trainable variables). The random
 * streams need no state: each epoch's are drawn afresh from the seed and the epoch number.
 */
export const checkpointSchema = z.object({
  epoch: z.number().int().positive(),
  history: z.array(historyEntrySchema),
  weights: floats,
  best: z.object({ epoch: z.number().int().positive(), f1: z.number(), classificationLoss: z.number(), weights: floats }).nullable(),
  optimizer: z.object({ step: z.number().int().nonnegative(), firstMoments: floats, secondMoments: floats }) satisfies z.ZodType<AdamState>,
});

export type Checkpoint = z.infer<typeof checkpointSchema>;

/** Copies of every weight of the model (trainable and batch-norm statistics); the caller disposes them. */
export function snapshotWeights(model: StudioModel): tf.Tensor[] {
  return modelParts(model).flatMap((m) => m.getWeights().map((w) => tf.clone(w)));
}

export function restoreWeights(model: StudioModel, weights: readonly tf.Tensor[]): void {
  let offset = 0;
  for (const part of modelParts(model)) {
    const count = part.getWeights().length;
    part.setWeights(weights.slice(offset, offset + count));
    offset += count;
  }
}

/** Reads weights out as plain arrays; asynchronous, as WebGPU in a worker cannot read synchronously. */
export async function readWeights(weights: readonly tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(weights.map(async (w) => Float32Array.from(await w.data())));
}

/** Tensors for checkpointed arrays, shaped as the model's weights; the caller disposes them. */
export function weightsFromArrays(model: StudioModel, arrays: readonly Float32Array[]): tf.Tensor[] {
  const shapes = modelParts(model).flatMap((m) => m.getWeights().map((w) => w.shape));
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  if (shapes.length !== arrays.length || arrays.some((a, i) => a.length !== sizes[i])) {
    throw new StudioError('bad-config', `the checkpoint holds ${arrays.length} weight tensors that do not fit this model's ${shapes.length}: it was saved by another model or an older studio`);
  }
  return arrays.map((a, i) => tf.tensor(a, shapes[i]));
}
