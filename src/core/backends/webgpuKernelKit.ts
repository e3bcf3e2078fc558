// What the studio's own WebGPU kernels share: a compute shader with several outputs, recorded into the backend's
// own command stream. tfjs-backend-webgpu's program API writes one output per dispatch, so a batch norm (output,
// batch statistics, moving averages) or an Adam step (variable, two moments) would take three to five dispatches;
// here they take one or two, in the same compute pass and submit batching as the backend's own programs.
import * as tf from '@tensorflow/tfjs';

// The few parts of the WebGPU API and of tfjs-backend-webgpu's WebGPUBackend used here (core is built without DOM or
// WebGPU typings).
interface GpuPipeline {
  getBindGroupLayout(index: number): unknown;
}
interface GpuPass {
  setPipeline(pipeline: GpuPipeline): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
}
interface GpuDevice {
  createShaderModule(descriptor: { code: string; label?: string }): unknown;
  createComputePipeline(descriptor: object): GpuPipeline;
  createComputePipelineAsync(descriptor: object): Promise<GpuPipeline>;
  createBindGroup(descriptor: object): unknown;
  limits: { maxComputeWorkgroupsPerDimension: number };
}
export interface WebGpuBackendLike extends tf.KernelBackend {
  device: GpuDevice;
  tensorMap: { get(dataId: object): { resource?: unknown; dtype: tf.DataType } };
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  uploadToGPU(dataId: object): void;
  makeUniforms(uniforms: Array<{ type: 'float32' | 'int32'; data: number[] }>): unknown;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  commandEncoder: { beginComputePass(descriptor: object): GpuPass };
  computePassEncoder: GpuPass | null;
  dispatchCountInPass: number;
  commandQueueOwnedIds: WeakSet<object>;
}

export const WORKGROUP = 256;

/** One of the studio's compute shaders: its buffers by name (outputs first) and the body that uses every one. */
export interface StudioGpuProgram {
  /** Unique per shader text: the pipeline cache's key. */
  key: string;
  outputs: readonly string[];
  inputs: readonly string[];
  /** Scalar parameters, in `params.<name>`; `i32` ones are integers. */
  params: ReadonlyArray<readonly [string, 'f32' | 'i32']>;
  /** WGSL after the bindings: defines `main` with `@compute @workgroup_size(${WORKGROUP})`. */
  body: string;
  /** Inputs whose buffers hold i32 (every other buffer is f32). */
  intInputs?: readonly string[];
}

/** The full WGSL: storage bindings for outputs (read_write) and inputs (read), then a uniform block of the params. */
export function shaderSource(program: StudioGpuProgram): string {
  const names = [...program.outputs, ...program.inputs];
  const type = (name: string): string => (program.intInputs?.includes(name) ? 'i32' : 'f32');
  const buffers = names.map((name, i) => `@group(0) @binding(${i}) var<storage, ${i < program.outputs.length ? 'read_write' : 'read'}> ${name}: array<${type(name)}>;`);
  // Padded to a multiple of four scalars: a uniform block's size is a multiple of 16 bytes everywhere.
  const params = [...program.params, ...Array.from({ length: paddingCount(program.params.length) }, (_, i) => [`pad${i}`, 'f32'] as const)];
  const block = `struct Params {\n${params.map(([name, type]) => `  ${name}: ${type},`).join('\n')}\n};\n@group(0) @binding(${names.length}) var<uniform> params: Params;`;
  return `${buffers.join('\n')}\n${block}\n${program.body}`;
}

const pipelines = new WeakMap<object, Map<string, GpuPipeline | Promise<GpuPipeline>>>();

function pipelineCache(device: GpuDevice): Map<string, GpuPipeline | Promise<GpuPipeline>> {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  return cache;
}

function describe(device: GpuDevice, program: StudioGpuProgram): object {
  return { layout: 'auto', label: program.key, compute: { module: device.createShaderModule({ code: shaderSource(program), label: program.key }), entryPoint: 'main' } };
}

/** Compiles the programs not yet compiled on this device, in parallel, calling `onDone` as each finishes. */
export async function precompileStudioPrograms(backend: WebGpuBackendLike, programs: readonly StudioGpuProgram[], onDone?: (done: number, total: number) => void): Promise<void> {
  const cache = pipelineCache(backend.device);
  const fresh = programs.filter((p, i) => !cache.has(p.key) && programs.findIndex((q) => q.key === p.key) === i);
  let done = 0;
  await Promise.all(
    fresh.map(async (program) => {
      const pending = backend.device.createComputePipelineAsync(describe(backend.device, program));
      cache.set(program.key, pending);
      cache.set(program.key, await pending);
      onDone?.(++done, fresh.length);
    }),
  );
}

/** How many of `programs` this device has compiled already. */
export function compiledCount(backend: WebGpuBackendLike, programs: readonly StudioGpuProgram[]): number {
  const cache = pipelineCache(backend.device);
  return new Set(programs.filter((p) => cache.get(p.key) && !(cache.get(p.key) instanceof Promise)).map((p) => p.key)).size;
}

/** Workgroup counts for `workgroups` groups, folded into two dimensions past the per-dimension limit. */
export function dispatchSize(workgroups: number, limit: number): [number, number] {
  if (workgroups <= limit) return [Math.max(1, workgroups), 1];
  const y = Math.ceil(workgroups / limit);
  return [Math.ceil(workgroups / y), y];
}

/**
 * Runs `program` once over `workgroups` workgroups (folded into x and y; a shader finds its flat group as
 * `wg.x + wg.y * nwg.x`), writing into new float32 outputs of `outputShapes`, recorded into the backend's command
 * stream as its own programs are (same pass, same submit batching).
 */
export function runStudioProgram(
  backend: WebGpuBackendLike,
  program: StudioGpuProgram,
  inputs: readonly tf.TensorInfo[],
  outputShapes: readonly number[][],
  params: readonly number[],
  workgroups: number,
): tf.TensorInfo[] {
  // The shaders read f32 buffers. TensorFlow.js's cast from bool or int32 to float32 can keep the int32 buffer (its
  // programs read by the buffer's own dtype), which read as f32 would be bit patterns: such inputs are converted.
  const converted: tf.TensorInfo[] = [];
  const floatInputs = inputs.map((t, i) => {
    const dtype = backend.tensorMap.get(t.dataId)?.dtype ?? t.dtype;
    if (dtype === 'float32' || program.intInputs?.includes(program.inputs[i]!)) return t;
    if (dtype !== 'int32' && dtype !== 'bool') throw new Error(`${program.key} takes float32 inputs, got ${dtype}`);
    const n = tf.util.sizeFromShape(t.shape);
    const [f] = runStudioProgram(backend, TO_FLOAT, [t], [t.shape], [n], Math.ceil(n / WORKGROUP));
    converted.push(f!);
    return f!;
  });
  const outputs = outputShapes.map((shape) => backend.makeTensorInfo(shape, 'float32'));
  const tensors = [...outputs, ...floatInputs];
  for (const t of tensors) backend.uploadToGPU(t.dataId);
  // TensorFlow.js's compile-only pass (precompileGpuPrograms) records nothing; the studio's programs are compiled
  // there from STUDIO_GPU_PROGRAMS.
  if (tf.env().getBool('WEBGPU_ENGINE_COMPILE_ONLY')) {
    for (const t of converted) backend.disposeData(t.dataId);
    return outputs;
  }
  const cache = pipelineCache(backend.device);
  let pipeline = cache.get(program.key);
  if (pipeline instanceof Promise || !pipeline) {
    // Not precompiled (or still compiling): compile now, synchronously, as TensorFlow.js does for its programs.
    pipeline = backend.device.createComputePipeline(describe(backend.device, program));
    cache.set(program.key, pipeline);
  }
  const uniforms = backend.makeUniforms([
    ...program.params.map(([, type], i) => ({ type: type === 'i32' ? ('int32' as const) : ('float32' as const), data: [params[i]!] })),
    ...paddingUniforms(program.params.length),
  ]);
  const entries = [...tensors.map((t, i) => ({ binding: i, resource: { buffer: backend.tensorMap.get(t.dataId).resource } })), { binding: tensors.length, resource: uniforms }];
  const bindGroup = backend.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  backend.ensureCommandEncoderReady();
  if (!backend.computePassEncoder) backend.computePassEncoder = backend.commandEncoder.beginComputePass({});
  for (const t of tensors) backend.commandQueueOwnedIds.add(t.dataId);
  const pass = backend.computePassEncoder;
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(...dispatchSize(workgroups, backend.device.limits.maxComputeWorkgroupsPerDimension));
  backend.dispatchCountInPass++;
  if (backend.dispatchCountInPass >= submitBatchSize()) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
  // Freed once the queue has the commands that read them (the backend defers what the queue still owns).
  for (const t of converted) backend.disposeData(t.dataId);
  return outputs;
}


/** Scalars to add after `count` params to fill the uniform block to a multiple of four. */
const paddingCount = (count: number): number => (4 - (count % 4)) % 4;

function paddingUniforms(count: number): Array<{ type: 'float32'; data: number[] }> {
  return Array.from({ length: paddingCount(count) }, () => ({ type: 'float32' as const, data: [0] }));
}

/** The backend's own submit batching (dispatches per command buffer), read as its programs read it. */
const submitBatchSize = (): number => tf.env().getNumber('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');

/** The flat index of this invocation for element-wise shaders (WGSL, uses `wg`, `nwg` and `lid`). */
export const FLAT_INDEX = `let index = (wg.x + wg.y * nwg.x) * ${WORKGROUP}u + lid.x;`;
export const MAIN = `@compute @workgroup_size(${WORKGROUP}) fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>)`;

/** WGSL: tree sums over workgroup arrays `a` and `b` of WORKGROUP floats at once, leaving the totals in a[0], b[0]. */
export const TREE_SUMS = `
var<workgroup> a: array<f32, ${WORKGROUP}>;
var<workgroup> b: array<f32, ${WORKGROUP}>;
fn treeSums(local: u32) {
  workgroupBarrier();
  for (var stride = ${WORKGROUP / 2}u; stride > 0u; stride = stride >> 1u) {
    if (local < stride) {
      a[local] = a[local] + a[local + stride];
      b[local] = b[local] + b[local + stride];
    }
    workgroupBarrier();
  }
}`;

/** An int32 (or bool) buffer's values as float32. */
export const TO_FLOAT: StudioGpuProgram = {
  key: 'studio-to-float',
  outputs: ['y'],
  inputs: ['x'],
  intInputs: ['x'],
  params: [['size', 'i32']],
  body: `${MAIN} {
  ${FLAT_INDEX}
  if (i32(index) >= params.size) { return; }
  y[index] = f32(x[index]);
}`,
};
