import * as tf from '@tensorflow/tfjs';

/** What the backend did while some work ran: reads back to the CPU, and on WebGPU its dispatches and submits. */
export interface BackendCounts {
  reads: number;
  /** Compute programs dispatched (WebGPU only; null elsewhere). */
  dispatches: number | null;
  /** Command buffers submitted to the GPU queue (WebGPU only). */
  submits: number | null;
}

type Counted = Record<string, (...args: unknown[]) => unknown>;

/**
 * Counts, while `body` runs, the current backend's reads (read, readSync) and, on WebGPU, its program dispatches and
 * queue submits, by wrapping those methods on the backend object (and the GPU's dispatch call) for the duration. A read made by a kernel itself
 * (WASM's Slice reads its input off the heap) is not a read back to the caller and is not counted.
 */
export async function countBackendCalls<T>(body: () => Promise<T>): Promise<{ result: T; counts: BackendCounts }> {
  const backend = tf.backend() as unknown as Counted;
  const names = { reads: ['read', 'readSync'], dispatches: ['runWebGPUProgram'], submits: ['submitQueue'] } as const;
  const counts = { reads: 0, dispatches: 0, submits: 0 };
  // WASM's read calls its readSync: a call made inside another counted one of the same kind is not counted again.
  const depth = { reads: 0, dispatches: 0, submits: 0 };
  const originals: Array<[string, (...args: unknown[]) => unknown]> = [];
  for (const [counter, methods] of Object.entries(names) as Array<[keyof typeof counts, readonly string[]]>) {
    for (const method of methods) {
      const original = backend[method];
      if (typeof original !== 'function') continue;
      originals.push([method, original]);
      backend[method] = function (this: unknown, ...args: unknown[]) {
        const insideKernel = counter === 'reads' && (tf.engine().state as unknown as { kernelDepth: number }).kernelDepth > 0;
        if (depth[counter] === 0 && !insideKernel) counts[counter]++;
        depth[counter]++;
        try {
          return original.apply(this, args);
        } finally {
          depth[counter]--;
        }
      };
    }
  }
  // Every compute dispatch is counted where the GPU receives it, the studio's own multi-output kernels included.
  const encoder = (globalThis as unknown as { GPUComputePassEncoder?: { prototype: Counted } }).GPUComputePassEncoder?.prototype;
  const dispatch = encoder?.dispatchWorkgroups;
  let gpuDispatches = 0;
  if (encoder && dispatch) {
    encoder.dispatchWorkgroups = function (this: unknown, ...args: unknown[]) {
      gpuDispatches++;
      return dispatch.apply(this, args);
    };
  }
  try {
    const result = await body();
    const isWebGpu = typeof backend.runWebGPUProgram === 'function';
    const dispatches = encoder && dispatch ? gpuDispatches : counts.dispatches;
    return { result, counts: { reads: counts.reads, dispatches: isWebGpu ? dispatches : null, submits: isWebGpu ? counts.submits : null } };
  } finally {
    if (encoder && dispatch) encoder.dispatchWorkgroups = dispatch;
    for (const [method, original] of originals) backend[method] = original;
  }
}
