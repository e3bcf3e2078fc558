import type { StudioModel } from '../model/buildModel';
import { modelParts } from '../model/buildModel';
import { formatBytes } from '../format';
import { StudioError } from '../errors';

const FLOAT_BYTES = 4;

/**
 * A lower bound on the memory one training step needs: every layer's output for the whole batch (the forward pass
 * alone keeps them for the backward one), plus weights, gradients and Adam's two moments. Real use is higher.
 */
export function minimumStepBytes(model: StudioModel, batchSize: number): number {
  let activations = 0;
  let parameters = 0;
  for (const part of modelParts(model)) {
    for (const layer of part.layers) {
      const shape = layer.outputShape;
      const shapes = (Array.isArray(shape[0]) ? shape : [shape]) as Array<Array<number | null>>;
      for (const s of shapes) activations += s.reduce<number>((n, d) => n * (d ?? 1), 1);
    }
    parameters += part.countParams();
  }
  return FLOAT_BYTES * (activations * batchSize + 4 * parameters);
}

/** Refuses a step that cannot fit in `limitBytes` (the WASM backend addresses at most 4 GiB), naming both sizes. */
export function assertStepFits(model: StudioModel, batchSize: number, limitBytes: number, backend: string): void {
  const needed = minimumStepBytes(model, batchSize);
  if (needed > limitBytes) {
    throw new StudioError(
      'out-of-memory',
      `one training step of ${model.config.backbone} at ${model.config.imageSizePx} px with batches of ${batchSize} needs at least ${formatBytes(needed)}, and the ${backend} backend can address ${formatBytes(limitBytes)}: lower the batch size or the image size`,
    );
  }
}

/** What a WebAssembly module can address: 4 GiB. */
export const WASM_MEMORY_LIMIT_BYTES = 2 ** 32;
