import { z } from 'zod';

import type { Checkpoint } from '../core/train/checkpoint';
import { historyEntrySchema } from '../core/train/checkpoint';

const lengths = z.array(z.number().int().nonnegative());

/**
 * A checkpoint with every array packed into one Blob. The worker packs it: a Blob crosses to the page by reference and
 * IndexedDB copies its bytes off the page's main thread, where copying hundreds of typed arrays stalled the page once
 * an epoch (20-25 ms of main thread per checkpoint, measured on the quick preset).
 */
export const packedCheckpointSchema = z.object({
  epoch: z.number().int().positive(),
  history: z.array(historyEntrySchema),
  best: z.object({ epoch: z.number().int().positive(), f1: z.number(), classificationLoss: z.number() }).nullable(),
  optimizerStep: z.number().int().nonnegative(),
  lengths: z.object({ weights: lengths, best: lengths.nullable(), firstMoments: lengths, secondMoments: lengths }),
  floats: z.instanceof(Blob),
});
export type PackedCheckpoint = z.infer<typeof packedCheckpointSchema>;

export function packCheckpoint(checkpoint: Checkpoint): PackedCheckpoint {
  const { weights, best, optimizer } = checkpoint;
  const arrays = [...weights, ...(best?.weights ?? []), ...optimizer.firstMoments, ...optimizer.secondMoments];
  const sizes = (list: readonly Float32Array[]): number[] => list.map((a) => a.length);
  return {
    epoch: checkpoint.epoch,
    history: checkpoint.history,
    best: best ? { epoch: best.epoch, f1: best.f1, classificationLoss: best.classificationLoss } : null,
    optimizerStep: optimizer.step,
    lengths: { weights: sizes(weights), best: best ? sizes(best.weights) : null, firstMoments: sizes(optimizer.firstMoments), secondMoments: sizes(optimizer.secondMoments) },
    floats: new Blob(arrays as Float32Array<ArrayBuffer>[]),
  };
}

/** The checkpoint again, or null when the Blob does not hold the bytes its lengths name. */
export async function unpackCheckpoint(packed: PackedCheckpoint): Promise<Checkpoint | null> {
  const { lengths: n } = packed;
  const total = [n.weights, n.best ?? [], n.firstMoments, n.secondMoments].flat().reduce((a, b) => a + b, 0);
  if (packed.floats.size !== total * 4) return null;
  const all = new Float32Array(await packed.floats.arrayBuffer());
  let at = 0;
  const take = (sizes: readonly number[]): Float32Array[] => sizes.map((size) => all.subarray(at, (at += size)));
  const weights = take(n.weights);
  const bestWeights = n.best ? take(n.best) : null;
  const firstMoments = take(n.firstMoments);
  const secondMoments = take(n.secondMoments);
  return {
    epoch: packed.epoch,
    history: packed.history,
    weights,
    best: packed.best && bestWeights ? { ...packed.best, weights: bestWeights } : null,
    optimizer: { step: packed.optimizerStep, firstMoments, secondMoments },
  };
}
