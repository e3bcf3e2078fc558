import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import { registerStudioKernels } from '../core/backends/registerStudioKernels';
import { StudioError } from '../core/errors';
import { gpuLoss, watchGpuDevice } from './gpuDeviceWatch';

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

// The .wasm files are part of the build (and of the offline cache), never fetched from a CDN.
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlainUrl, 'tfjs-backend-wasm-simd.wasm': wasmSimdUrl, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl });
// tfjs-backend-wasm 4.22 caps XNNPACK's pool at half of navigator.hardwareConcurrency, read when the module
// starts (it assumes two hyper-threads per core), which leaves one thread on a 2-core machine. Training wants every
// logical core, so the worker reports twice its count to the module and asks for all of them.
const logicalCores = Math.max(1, self.navigator.hardwareConcurrency || 1);
try {
  Object.defineProperty(self.navigator, 'hardwareConcurrency', { value: 2 * logicalCores, configurable: true });
} catch {
  // A browser that refuses leaves the cap in place; the status bar shows the threads actually used.
}
setThreadsCount(logicalCores);
registerStudioKernels();

let hasWasmStarted = false;

/** Starts `name` (for a measurement or a switch); false when it does not start here. */
export async function tryBackend(name: string): Promise<boolean> {
  if (name === 'wasm') hasWasmStarted = true;
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

function autoReason(name: string, adapter: AdapterInfo | null, candidates: readonly string[]): string {
  if (candidates.length > 1) return `${name === 'webgpu' ? 'WebGPU is available on a hardware adapter' : 'WASM first'}; WebGPU and WASM are timed on the configuration when training starts, and the faster trains`;
  const why = adapter ? 'the WebGPU adapter is a software emulation' : 'WebGPU is not available here';
  if (name === 'wasm') return `${why}; WASM (SIMD${crossOriginIsolated ? ', threads' : ''}) trains faster on the CPU`;
  return `${why} and WASM did not start; ${name} is the next best`;
}

/**
 * Starts TensorFlow.js on the chosen backend and says why. auto: WebGPU on a hardware adapter; on a software
 * adapter or none, the WASM training path; then WebGL, then CPU.
 */
export async function selectBackend(choice: BackendChoice, threads: number | null = null, compareSoftwareGpu = false): Promise<BackendStatus> {
  // The pool's size is fixed when the WASM module starts, so a request counts only before the first start.
  if (threads !== null && !hasWasmStarted) setThreadsCount(Math.min(threads, logicalCores));
  const adapter = await readAdapter();
  const softwareWarning = adapter?.isFallbackAdapter
    ? `The WebGPU adapter is a software emulation (${adapter.architecture || adapter.vendor}): training will be very slow. Use a computer with a GPU, or keep runs tiny (the Classroom demo preset).`
    : null;
  const missingWarning = adapter ? null : 'This browser offers no WebGPU: training falls back to a slower backend. Chrome or Edge 113+ on a machine with a GPU trains fastest.';
  const lost = gpuLoss();
  if (lost && choice === 'webgpu') throw new StudioError('backend-lost', `the GPU device was lost (${lost.reason}: ${lost.message}); reload the page to try WebGPU again, or choose another backend`);
  const order = choice === 'auto' ? (adapter && !adapter.isFallbackAdapter && !lost ? ['webgpu', 'wasm', 'webgl', 'cpu'] : ['wasm', 'webgl', 'cpu']) : [choice];
  // auto times WebGPU against WASM where both can run: on a hardware adapter, or on a software one when asked.
  const candidates = choice === 'auto' && adapter && !lost && (!adapter.isFallbackAdapter || compareSoftwareGpu) ? ['webgpu', 'wasm'] : [];
  for (const name of order) {
    if (name === 'webgpu' && !adapter) continue;
    if (await tryBackend(name)) {
      if (name === 'webgpu') watchGpuDevice();
      const reason = choice !== 'auto' ? `${name} was chosen by hand` : lost ? `the GPU device was lost (${lost.reason}); ${name} is the next backend in the policy` : autoReason(name, adapter, candidates);
      const warning = name === 'webgpu' ? softwareWarning : name === 'wasm' ? null : missingWarning;
      return { backend: name, adapter, reason, warning, threads: name === 'wasm' ? getThreadsCount() : null, candidates: candidates.includes(name) ? candidates : [] };
    }
  }
  throw new StudioError('backend-unavailable', choice === 'auto' ? 'no TensorFlow.js backend could start in this browser' : `the ${choice} backend could not start in this browser`);
}
