// Conv2DBackpropFilter for the WASM backend, which ships none, by one of two routes through XNNPACK:
// - "dilated convolution": dW[i, j, ci, co] = Σ_{n,y,x} x[n, y·sh + i, x·sw + j, ci]·dy[n, y, x, co] is a valid
//   convolution of x transposed to [Cin, H, W, N] (the batch as channels) by dy transposed to [Ho, Wo, N, Cout]
//   (a filter as large as the output) at a dilation equal to the stride, cut to the filter's size;
// - "patch matrix": dW = A·B with B = dy as [N·Ho·Wo, Cout] and A [kh·kw·Cin, N·Ho·Wo] the input values each tap
//   saw ("im2col", transposed), filled by copies on the heap and multiplied in chunks of rows.
// In Chromium with 2 threads the first is up to 2× faster on large maps (all of it runs in XNNPACK's pool, while
// filling A is single-threaded JavaScript); the second wins on maps of 4×4 and less, where a filter the size of
// the output leaves XNNPACK little to do per call.
import type * as tf from '@tensorflow/tfjs';

import type { ConvGeometry, ConvGradientAttrs, WasmHeapBackend } from './wasmKernelKit';
import { columnsInside, convGeometry, floatOffset, heapFloats, matMulByConv, runWasmKernel, withTemporaries } from './wasmKernelKit';

/** Columns of A per product, so that B's chunk stays in cache while XNNPACK walks A. */
const CHUNK_COLUMNS = 4096;
/** Most floats of A held at once (16 MB). */
const A_CHUNK_FLOATS = 1 << 22;
/** Shorter runs are copied by a loop: copyWithin costs ~100 ns a call on shared memory (Chromium, threaded build). */
const LONG_RUN = 48;

export type FilterGradientRoute = 'dilated-convolution' | 'patch-matrix';

/** Forces one route (tests compare both with the CPU backend); null lets each call choose. */
export const filterGradientRouteOverride: { route: FilterGradientRoute | null } = { route: null };

export function chooseFilterGradientRoute(g: ConvGeometry): FilterGradientRoute {
  return g.outH * g.outW <= 16 ? 'patch-matrix' : 'dilated-convolution';
}

type BackpropFilterAttrs = ConvGradientAttrs & { filterShape: [number, number, number, number] };

/**
 * Fills A for output rows [row0, row0 + rows) (a row is one (n, y)): A[(i, j, ci), (row, x)] =
 * x[n, y·sh + i − top, x·sw + j − left, ci], or 0 in the padding. `heap` views the whole module memory;
 * `a` and `xT` are float offsets into it.
 */
export function fillPatchRows(heap: Float32Array, a: number, xT: number, g: ConvGeometry, row0: number, rows: number): void {
  const columns = rows * g.outW;
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      const [xLo, xHi] = columnsInside(g, j);
      for (let ci = 0; ci < g.inC; ci++) {
        let to = a + ((i * g.kw + j) * g.inC + ci) * columns;
        for (let row = row0; row < row0 + rows; row++, to += g.outW) {
          const n = Math.floor(row / g.outH);
          const sourceRow = (row % g.outH) * g.strideH + i - g.top;
          if (sourceRow < 0 || sourceRow >= g.height || xHi < xLo) {
            heap.fill(0, to, to + g.outW);
            continue;
          }
          const from = xT + ((ci * g.batch + n) * g.height + sourceRow) * g.width + j - g.left;
          if (xLo > 0) heap.fill(0, to, to + xLo);
          if (xHi < g.outW - 1) heap.fill(0, to + xHi + 1, to + g.outW);
          if (g.strideW === 1 && xHi - xLo >= LONG_RUN) heap.copyWithin(to + xLo, from + xLo, from + xHi + 1);
          else for (let x = xLo; x <= xHi; x++) heap[to + x] = heap[from + x * g.strideW]!;
        }
      }
    }
  }
}

function byDilatedConvolution(backend: WasmHeapBackend, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo {
  return withTemporaries(backend, (keep) => {
    const { top, bottom, left, right } = g;
    const padded = top || bottom || left || right ? keep(runWasmKernel('PadV2', backend, { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 })) : x;
    const xT = keep(runWasmKernel('Transpose', backend, { x: padded }, { perm: [3, 1, 2, 0] }));
    const dyT = keep(runWasmKernel('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }));
    const full = keep(runWasmKernel('Conv2D', backend, { x: xT, filter: dyT }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [g.strideH, g.strideW] }));
    const cut = keep(runWasmKernel('Slice', backend, { x: full }, { begin: [0, 0, 0, 0], size: [g.inC, g.kh, g.kw, g.outC] }));
    return runWasmKernel('Transpose', backend, { x: cut }, { perm: [1, 2, 0, 3] });
  });
}

function byPatchMatrix(backend: WasmHeapBackend, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo {
  const { kh, kw, inC, outC, batch } = g;
  const patchLength = kh * kw * inC;
  const totalRows = batch * g.outH;
  const rowsPerChunk = Math.max(1, Math.min(totalRows, Math.floor(CHUNK_COLUMNS / g.outW), Math.floor(A_CHUNK_FLOATS / (patchLength * g.outW))));
  return withTemporaries(backend, (keep) => {
    const xT = keep(runWasmKernel('Transpose', backend, { x }, { perm: [3, 0, 1, 2] }));
    let sum: tf.TensorInfo | null = null;
    for (let row0 = 0; row0 < totalRows; row0 += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, totalRows - row0);
      const columns = rows * g.outW;
      const a = keep(backend.makeOutput([patchLength, columns], 'float32'));
      const b = keep(backend.makeOutput([columns, outC], 'float32'));
      // Views only after both allocations: growing the heap replaces its buffer.
      const heap = heapFloats(backend, a);
      fillPatchRows(heap, floatOffset(backend, a), floatOffset(backend, xT), g, row0, rows);
      const dyStart = floatOffset(backend, dy) + row0 * g.outW * outC;
      heap.copyWithin(floatOffset(backend, b), dyStart, dyStart + columns * outC);
      const part = keep(matMulByConv(backend, a, b, patchLength, columns, outC));
      sum = sum ? keep(runWasmKernel('Add', backend, { a: sum, b: part })) : part;
    }
    return runWasmKernel('Reshape', backend, { x: sum! }, { shape: [kh, kw, inC, outC] });
  });
}

export const conv2dBackpropFilterKernel: tf.KernelFunc = (args) => {
  const backend = args.backend as WasmHeapBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as BackpropFilterAttrs;
  if (dataFormat !== 'NHWC') throw new Error('the WASM Conv2DBackpropFilter handles NHWC only');
  const g = convGeometry(x.shape as [number, number, number, number], filterShape, strides, pad, dimRoundingMode);
  const route = filterGradientRouteOverride.route ?? chooseFilterGradientRoute(g);
  return route === 'patch-matrix' ? byPatchMatrix(backend, x, dy, g) : byDilatedConvolution(backend, x, dy, g);
};
