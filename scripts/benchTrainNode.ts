// Training throughput of the studio's own training step in Node: on a GPU through Dawn (the `webgpu`
// package) with TensorFlow.js's WebGPU backend, or on the CPU backend. Usage:
//   node --import tsx scripts/benchTrainNode.ts [--backend webgpu|cpu] [--steps N] [--configs name,name]
//                                               [--studio-kernels on,off]
// --studio-kernels off,on times each configuration with TensorFlow.js's composite ops and with the studio's WGSL
// kernels, one after the other in the same process (WebGPU only).
import * as tf from '@tensorflow/tfjs';

import { registerStudioKernels, setStudioWebGpuKernels } from '../src/core/backends/registerStudioKernels';
import { benchmarkTraining } from '../src/core/train/benchmarkTraining';
import type { TrainConfig } from '../src/core/train/trainConfig';
import { QUICK_CONFIG } from '../src/core/train/trainConfig';

interface BenchCase {
  name: string;
  config: TrainConfig;
}

const CASES: BenchCase[] = [
  { name: 'resnet18-spn-64px-b8', config: { ...QUICK_CONFIG, backbone: 'resnet18', width: 1, imageSizePx: 64, batchSize: 8 } },
  { name: 'resnet18-spn-128px-b8', config: { ...QUICK_CONFIG, backbone: 'resnet18', width: 1, imageSizePx: 128, batchSize: 8 } },
  { name: 'resnet18-spn-224px-b16', config: { ...QUICK_CONFIG, backbone: 'resnet18', width: 1, imageSizePx: 224, batchSize: 16 } },
  { name: 'resnet50-spn-224px-b16', config: { ...QUICK_CONFIG, backbone: 'resnet50', width: 1, imageSizePx: 224, batchSize: 16 } },
  { name: 'resnet50-baseline-224px-b16', config: { ...QUICK_CONFIG, method: 'baseline', backbone: 'resnet50', width: 1, imageSizePx: 224, batchSize: 16 } },
  { name: 'tiny-spn-32px-b8', config: { ...QUICK_CONFIG } },
];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function useBackend(name: string): Promise<string> {
  if (name === 'webgpu') {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    // tfjs-backend-webgpu registers itself only where a window or worker scope exists.
    Object.assign(globalThis, { window: globalThis, navigator: { gpu: create([]) } });
    await import('@tensorflow/tfjs-backend-webgpu');
    const adapter = await (globalThis as unknown as { navigator: { gpu: GPU } }).navigator.gpu.requestAdapter();
    if (!adapter) throw new Error('Dawn found no WebGPU adapter');
    const info = adapter.info;
    if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its WebGPU backend');
    return `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.trim();
  }
  await tf.setBackend(name);
  return 'none';
}

async function benchCase({ name, config }: BenchCase, steps: number): Promise<Record<string, unknown>> {
  const result = await benchmarkTraining({ ...config, augment: option('augment', 'on') === 'on' }, steps);
  return { name, augment: option('augment', 'on') === 'on', ...result };
}

const backend = option('backend', 'webgpu');
const steps = Number(option('steps', '10'));
const wanted = option('configs', CASES.map((c) => c.name).join(',')).split(',');
const adapter = await useBackend(backend);
registerStudioKernels();
const kernelSettings = backend === 'webgpu' ? option('studio-kernels', 'on').split(',') : ['on'];
console.log(JSON.stringify({ backend: tf.getBackend(), adapter, node: process.version }));
for (const c of CASES.filter((c) => wanted.includes(c.name))) {
  for (const kernels of kernelSettings) {
    setStudioWebGpuKernels(kernels === 'on');
    try {
      console.log(JSON.stringify({ studioKernels: kernels, ...(await benchCase(c, steps)) }));
    } catch (error) {
      console.log(JSON.stringify({ name: c.name, studioKernels: kernels, error: String(error) }));
    }
  }
}
process.exit(0);
