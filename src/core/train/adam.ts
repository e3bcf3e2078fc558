// Adam as PyTorch runs it (β 0.9/0.999, ε 1e-8), with moments the studio owns so a checkpoint can carry them.
// All variables' updates are one kernel call where the backend registers the studio's (WASM, CPU), element-wise ops
// elsewhere.
import * as tf from '@tensorflow/tfjs';

import type { AdamUpdateAttrs } from '../backends/adamUpdateKernel';
import { ADAM_UPDATE_KERNEL } from '../backends/adamUpdateKernel';
import { StudioError } from '../errors';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

/** Adam's state after `step` updates: the moments of each variable, in the order the optimizer was given them. */
export interface AdamState {
  step: number;
  firstMoments: Float32Array[];
  secondMoments: Float32Array[];
}

export class StudioAdam extends tf.Optimizer {
  static className = 'StudioAdam';
  private readonly indexOf: Map<string, number>;
  private readonly moments: Array<{ m: tf.Variable; v: tf.Variable }>;
  private step = 0;

  constructor(
    private readonly variables: readonly tf.Variable[],
    private learningRate: number,
  ) {
    super();
    this.indexOf = new Map(variables.map((v, i) => [v.name, i]));
    this.moments = variables.map((v) => tf.tidy(() => ({ m: tf.zerosLike(v).variable(false), v: tf.zerosLike(v).variable(false) })));
  }

  private write(u: { variable: tf.Variable; moments: { m: tf.Variable; v: tf.Variable } }, [x, m, v]: [tf.Tensor, tf.Tensor, tf.Tensor]): void {
    u.moments.m.assign(m);
    u.moments.v.assign(v);
    u.variable.assign(x);
    tf.dispose([x, m, v]);
  }

  /** The rate for the next steps (a schedule sets it before each step). */
  setLearningRate(rate: number): void {
    this.learningRate = rate;
  }

  applyGradients(variableGradients: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>): void {
    const entries = Array.isArray(variableGradients) ? variableGradients.map(({ name, tensor }) => [name, tensor] as const) : Object.entries(variableGradients);
    this.step++;
    const attrs: Omit<AdamUpdateAttrs, 'count'> = {
      learningRate: this.learningRate,
      beta1: BETA1,
      beta2: BETA2,
      epsilon: EPSILON,
      oneMinusAccBeta1: 1 - BETA1 ** this.step,
      oneMinusAccBeta2: 1 - BETA2 ** this.step,
    };
    const updates = entries.flatMap(([name, gradient]) => {
      const index = this.indexOf.get(name);
      return gradient && index !== undefined ? [{ variable: this.variables[index]!, moments: this.moments[index]!, gradient }] : [];
    });
    if (tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend())) {
      // Every variable in one kernel call (WASM, CPU).
      const inputs: tf.NamedTensorMap = {};
      updates.forEach((u, k) => Object.assign(inputs, { [`x${k}`]: u.variable, [`m${k}`]: u.moments.m, [`v${k}`]: u.moments.v, [`g${k}`]: u.gradient }));
      const outputs = tf.engine().runKernel(ADAM_UPDATE_KERNEL, inputs, { ...attrs, count: updates.length } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      updates.forEach((u, k) => this.write(u, outputs.slice(3 * k, 3 * k + 3) as [tf.Tensor, tf.Tensor, tf.Tensor]));
    } else {
      for (const u of updates) {
        const { m, v } = u.moments;
        this.write(
          u,
          tf.tidy(() => {
            const mNext = tf.add(tf.mul(m, BETA1), tf.mul(u.gradient, 1 - BETA1));
            const vNext = tf.add(tf.mul(v, BETA2), tf.mul(tf.square(u.gradient), 1 - BETA2));
            const update = tf.div(tf.div(mNext, attrs.oneMinusAccBeta1), tf.add(tf.sqrt(tf.div(vNext, attrs.oneMinusAccBeta2)), EPSILON));
            return [tf.sub(u.variable, tf.mul(update, this.learningRate)), mNext, vNext] as [tf.Tensor, tf.Tensor, tf.Tensor];
          }),
        );
      }
    }
    this.incrementIterations();
  }

  /**
   * Copies of the moments as plain arrays, for a checkpoint; asynchronous because WebGPU cannot read synchronously in
   * a worker. Copies, because the CPU backend's data() is the tensor's own storage and a checkpoint is transferred.
   */
  async readState(): Promise<AdamState> {
    const read = async (t: tf.Tensor): Promise<Float32Array> => Float32Array.from(await t.data());
    return {
      step: this.step,
      firstMoments: await Promise.all(this.moments.map(({ m }) => read(m))),
      secondMoments: await Promise.all(this.moments.map(({ v }) => read(v))),
    };
  }

  /** Continues from a checkpointed state; its moments must match the variables one for one. */
  restoreState(state: AdamState): void {
    const sizes = this.variables.map((v) => v.size);
    const fits = (arrays: Float32Array[]): boolean => arrays.length === sizes.length && arrays.every((a, i) => a.length === sizes[i]);
    if (!fits(state.firstMoments) || !fits(state.secondMoments)) {
      throw new StudioError('bad-config', `the checkpoint's optimizer state has ${state.firstMoments.length} moments; this model has ${sizes.length} variables`);
    }
    this.moments.forEach(({ m, v }, i) => {
      tf.tidy(() => {
        m.assign(tf.tensor(state.firstMoments[i]!, m.shape));
        v.assign(tf.tensor(state.secondMoments[i]!, v.shape));
      });
    });
    this.step = state.step;
  }

  override dispose(): void {
    for (const { m, v } of this.moments) tf.dispose([m, v]);
    this.moments.length = 0;
    super.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: BETA1, beta2: BETA2, epsilon: EPSILON };
  }
}
