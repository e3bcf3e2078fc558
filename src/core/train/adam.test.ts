import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';

import { ADAM_UPDATE_KERNEL } from '../backends/adamUpdateKernel';
import { registerWasmTrainingKernels } from '../backends/wasmTrainingKernels';
import type { AdamState } from './adam';
import { StudioAdam } from './adam';

interface Problem {
  variables: tf.Variable[];
  loss: () => tf.Scalar;
  dispose: () => void;
}

/** A small least-squares problem with seeded data. */
function problem(): Problem {
  const w = tf.tidy(() => tf.variable(tf.randomNormal([6, 4], 0, 1, 'float32', 7)));
  const b = tf.tidy(() => tf.variable(tf.zeros([4])));
  const x = tf.randomNormal([16, 6], 0, 1, 'float32', 8);
  const y = tf.randomNormal([16, 4], 0, 1, 'float32', 9);
  return { variables: [w, b], loss: () => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))) as tf.Scalar, dispose: () => tf.dispose([w, b, x, y]) };
}

/** Runs `steps` Adam steps and returns the weights after each. */
async function optimize(p: Problem, optimizer: tf.Optimizer, steps: number): Promise<Float32Array[]> {
  const history: Float32Array[] = [];
  for (let step = 0; step < steps; step++) {
    tf.dispose(optimizer.minimize(p.loss, true, p.variables) ?? []);
    history.push(new Float32Array((await Promise.all(p.variables.map((v) => v.data()))).flatMap((d) => [...d])));
  }
  return history;
}

const worstDifference = (a: Float32Array[], b: Float32Array[]): number => Math.max(...a.flatMap((values, step) => [...values].map((v, i) => Math.abs(v - b[step]![i]!))));

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('StudioAdam', () => {
  it.each([
    ['wasm', 'its one kernel'],
    ['cpu', 'its one kernel'],
    ['cpu', 'element-wise ops'],
  ] as const)('takes the steps of tf.train.adam with PyTorch’s ε (1e-8) on %s through %s, without leaking tensors', async (backend, path) => {
    registerWasmTrainingKernels();
    await tf.setBackend(backend);
    // The all-variables kernel runs where it is registered (WASM, CPU); the element-wise ops everywhere else.
    const kernel = tf.getKernel(ADAM_UPDATE_KERNEL, backend)!;
    expect(kernel).toBeDefined();
    if (path === 'element-wise ops') tf.unregisterKernel(ADAM_UPDATE_KERNEL, backend);
    const ours = problem();
    const optimizer = new StudioAdam(ours.variables, 0.01);
    const before = tf.memory().numTensors;
    const steps = await optimize(ours, optimizer, 5);
    expect(tf.memory().numTensors).toBe(before);
    const theirs = problem();
    const reference = await optimize(theirs, tf.train.adam(0.01, 0.9, 0.999, 1e-8), 5);
    expect(worstDifference(steps, reference)).toBeLessThan(1e-6);
    // The steps moved the weights: a no-op optimizer would fail here.
    expect(Math.abs(steps[4]![0]! - steps[0]![0]!)).toBeGreaterThan(1e-3);
    optimizer.dispose();
    ours.dispose();
    theirs.dispose();
    if (path === 'element-wise ops') tf.registerKernel(kernel);
  });

  it('continues from a read-back state exactly where an uninterrupted optimizer goes', async () => {
    await tf.setBackend('cpu');
    const whole = problem();
    const straight = await optimize(whole, new StudioAdam(whole.variables, 0.01), 5);
    const first = problem();
    const optimizer = new StudioAdam(first.variables, 0.01);
    await optimize(first, optimizer, 3);
    const state: AdamState = await optimizer.readState();
    expect(state.step).toBe(3);
    const weights = await Promise.all(first.variables.map((v) => v.data()));
    const second = problem();
    second.variables.forEach((v, i) => v.assign(tf.tensor(weights[i]!, v.shape)));
    const resumed = new StudioAdam(second.variables, 0.01);
    resumed.restoreState(state);
    const rest = await optimize(second, resumed, 2);
    expect(worstDifference(rest, straight.slice(3))).toBe(0);
    expect(() => new StudioAdam(second.variables.slice(0, 1), 0.01).restoreState(state)).toThrow(/2 moments; this model has 1 variables/);
    [whole, first, second].forEach((p) => p.dispose());
  });

  // The worker transfers a checkpoint's arrays to the page, which detaches their buffers. On the CPU backend
  // tensor.data() hands back the tensor's own storage, so the state read out must be a copy (issue 28: every
  // browser run on CPU went NaN after its first checkpoint).
  it.each(['cpu', 'wasm'] as const)('on %s, transferring the read-back state away leaves the optimizer intact', async (backend) => {
    registerWasmTrainingKernels();
    await tf.setBackend(backend);
    const [kept, moved] = [problem(), problem()];
    const [a, b] = [new StudioAdam(kept.variables, 0.01), new StudioAdam(moved.variables, 0.01)];
    await optimize(kept, a, 2);
    await optimize(moved, b, 2);
    const state = await b.readState();
    const buffers = [...state.firstMoments, ...state.secondMoments].map((m) => m.buffer);
    structuredClone(buffers, { transfer: buffers });
    const [straight, after] = [await optimize(kept, a, 2), await optimize(moved, b, 2)];
    expect(after.every((w) => w.every(Number.isFinite))).toBe(true);
    expect(worstDifference(after, straight)).toBe(0);
    [a, b].forEach((o) => o.dispose());
    [kept, moved].forEach((p) => p.dispose());
  });
});
