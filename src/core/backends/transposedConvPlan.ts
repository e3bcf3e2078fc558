// The input gradient of a strided convolution, along one spatial axis, as ONE stride-1 correlation that
// produces every output phase at once (the "sub-pixel" form of a transposed convolution).
//
// Forward (after `before` zeros of padding): y[o] = Σ_i x[o·s + i − before]·w[i]. Backward, output row h = r·s + p
// (p the phase) gets dx[r·s + p] = Σ_t dy[r + c_p − t]·w[q_p + s·t], where q_p = (p + before) mod s and
// c_p = ⌊(p + before) / s⌋. All phases share one window of dy: out[r, p] = Σ_j dyPadded[r + j]·v[j, p], with
// dyPadded[i] = dy[i − front] and v[j, p] = w[q_p + s·(front + c_p − j)] where that tap exists, else 0.
// Compared with spreading dy by the stride (zeros in between), this does s² fewer multiplications in 2-D.

export interface AxisPlan {
  /** Zeros before dy. */
  front: number;
  /** Zeros after dy (negative: cut that many values off its end). */
  back: number;
  /** Taps of the combined correlation. */
  taps: number;
  /** Output rows per phase; phases × rows may exceed the input size by up to stride − 1 rows, cut afterwards. */
  rowsPerPhase: number;
  /** tapOf[j][p]: the filter tap that combined tap j applies for phase p, or −1 for none (a zero). */
  tapOf: number[][];
}

/**
 * Plans one spatial axis: `kernel` taps at `stride`, `before` zeros padded before the input of `inputSize`,
 * giving `outputSize` rows of dy.
 */
export function planTransposedAxis(kernel: number, stride: number, before: number, inputSize: number, outputSize: number): AxisPlan {
  const phases = Array.from({ length: stride }, (_, p) => {
    const q = (p + before) % stride;
    const c = Math.floor((p + before) / stride);
    const count = q < kernel ? Math.ceil((kernel - q) / stride) : 0;
    return { q, c, count };
  });
  const front = Math.max(0, ...phases.map(({ c, count }) => count - 1 - c));
  const taps = Math.max(1, ...phases.filter(({ count }) => count > 0).map(({ c }) => front + c + 1));
  const tapOf = Array.from({ length: taps }, (_, j) =>
    phases.map(({ q, c, count }) => {
      const t = front + c - j;
      return t >= 0 && t < count ? q + stride * t : -1;
    }),
  );
  const rowsPerPhase = Math.ceil(inputSize / stride);
  const back = rowsPerPhase + taps - 1 - front - outputSize;
  return { front, back, taps, rowsPerPhase, tapOf };
}
