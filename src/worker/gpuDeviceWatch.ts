import * as tf from '@tensorflow/tfjs';

/** How the WebGPU device went away (destroyed, a driver reset, the GPU process crashing). */
export interface GpuLoss {
  reason: string;
  message: string;
}

let device: GPUDevice | null = null;
let loss: GpuLoss | null = null;
const listeners = new Set<(loss: GpuLoss) => void>();

/** Watches the device of the WebGPU backend now running; a loss is remembered and told to every listener. */
export function watchGpuDevice(): void {
  const current = (tf.backend() as unknown as { device?: GPUDevice }).device ?? null;
  if (!current || current === device) return;
  device = current;
  void current.lost.then((info) => {
    if (device !== current) return;
    loss = { reason: info.reason ?? 'unknown', message: info.message || 'no message' };
    for (const listener of listeners) listener(loss);
  });
}

/** The loss of the device the worker trained on, if it was lost; once lost, that backend cannot be used again. */
export const gpuLoss = (): GpuLoss | null => loss;

/**
 * The loss, waiting a moment for it: work on a destroyed device fails at once, a little before the device's lost
 * promise settles, so an error on WebGPU asks here before it blames anything else.
 */
export async function gpuLossSettled(waitMs = 1000): Promise<GpuLoss | null> {
  if (loss || !device) return loss;
  const watched = device;
  await Promise.race([watched.lost, new Promise((resolve) => setTimeout(resolve, waitMs))]);
  return loss;
}

export function onGpuLoss(listener: (loss: GpuLoss) => void): void {
  listeners.add(listener);
}

/** For tests (`GPUDevice.destroy()`, as a driver reset does): reachable as `self.studioDebug.loseGpuDevice()` in the worker. */
export function loseGpuDevice(): boolean {
  if (!device) return false;
  device.destroy();
  return true;
}
