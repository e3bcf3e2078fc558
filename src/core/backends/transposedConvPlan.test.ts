import { describe, expect, it } from 'vitest';

import { planTransposedAxis } from './transposedConvPlan';

/** dx along one axis the slow way: dx[h] = Σ_{o, i: o·s + i − before = h} dy[o]·w[i]. */
function directInputGradient(dy: number[], w: number[], stride: number, before: number, inputSize: number): number[] {
  const dx = new Array<number>(inputSize).fill(0);
  dy.forEach((g, o) => w.forEach((v, i) => {
    const h = o * stride + i - before;
    if (h >= 0 && h < inputSize) dx[h]! += g * v;
  }));
  return dx;
}

/** dx along one axis through the plan: one correlation over the padded dy, phases interleaved. */
function plannedInputGradient(dy: number[], w: number[], stride: number, before: number, inputSize: number): number[] {
  const plan = planTransposedAxis(w.length, stride, before, inputSize, dy.length);
  const padded = [...new Array<number>(plan.front).fill(0), ...dy, ...new Array<number>(Math.max(0, plan.back)).fill(0)];
  const dx: number[] = [];
  for (let r = 0; r < plan.rowsPerPhase; r++) {
    for (let p = 0; p < stride; p++) {
      let sum = 0;
      for (let j = 0; j < plan.taps; j++) {
        const tap = plan.tapOf[j]![p]!;
        if (tap >= 0) sum += (padded[r + j] ?? 0) * w[tap]!;
      }
      dx.push(sum);
    }
  }
  return dx.slice(0, inputSize);
}

describe('planTransposedAxis', () => {
  it('gives the direct input gradient for kernels 1–7, strides 1–3, any padding before and after, odd and even sizes', () => {
    let checked = 0;
    for (let kernel = 1; kernel <= 7; kernel++) {
      for (let stride = 1; stride <= 3; stride++) {
        for (let before = 0; before < kernel; before++) {
          for (const [inputSize, after] of [[5, 0], [8, 0], [9, 1], [16, kernel - 1]] as const) {
            const outputSize = Math.floor((inputSize + before + after - kernel) / stride) + 1;
            if (outputSize < 1) continue;
            const dy = Array.from({ length: outputSize }, (_, i) => ((i * 7) % 5) - 2);
            const w = Array.from({ length: kernel }, (_, i) => i + 1);
            expect(plannedInputGradient(dy, w, stride, before, inputSize), JSON.stringify({ kernel, stride, before, inputSize })).toEqual(
              directInputGradient(dy, w, stride, before, inputSize),
            );
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('uses ⌈k/s⌉ taps per phase for a 3×3 stride-2 convolution, not k', () => {
    const plan = planTransposedAxis(3, 2, 0, 18, 8);
    expect(plan.taps).toBe(2);
    expect(plan.tapOf).toEqual([[2, -1], [0, 1]]);
    expect(plan.rowsPerPhase).toBe(9);
  });
});
