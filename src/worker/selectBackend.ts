import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';

import type { AdapterInfo, BackendChoice, BackendStatus } from './protocol';

async function readAdapter(): Promise<AdapterInfo | null> {
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter();
  if (!adapter) return null;
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const isSoftware = /swiftshader|llvmpipe|lavapipe/i.test(`${info.vendor} ${info.architecture} ${info.description}`);
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    description: info.description,
    isFallbackAdapter: Boolean(info.isFallbackAdapter) || isSoftware,
  };
}

async function tryBackend(name: string): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Starts TensorFlow.js on the chosen backend (auto: WebGPU, else WebGL, else CPU) and says why. */
export async function selectBackend(choice: BackendChoice): Promise<BackendStatus> {
  const adapter = await readAdapter();
  const softwareWarning = adapter?.isFallbackAdapter
    ? `The WebGPU adapter is a software emulation (${adapter.architecture || adapter.vendor}): training will be very slow. Use a computer with a GPU, or keep runs tiny (the Classroom demo preset).`
    : null;
  const missingWarning = adapter ? null : 'This browser offers no WebGPU: training falls back to a slower backend. Chrome or Edge 113+ on a machine with a GPU trains fastest.';
  const order = choice === 'auto' ? ['webgpu', 'webgl', 'cpu'] : [choice];
  for (const name of order) {
    if (name === 'webgpu' && !adapter) continue;
    if (await tryBackend(name)) {
      const reason =
        choice !== 'auto'
          ? `${name} was chosen by hand`
          : name === 'webgpu'
            ? 'WebGPU is available'
            : `WebGPU is not available here; ${name} is the next best`;
      return { backend: name, adapter, reason, warning: name === 'webgpu' ? softwareWarning : missingWarning };
    }
  }
  throw new Error(`backend ${choice} could not start in this browser`);
}
