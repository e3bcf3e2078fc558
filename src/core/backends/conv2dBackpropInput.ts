// Conv2DBackpropInput for the WASM backend (its own is a scalar loop), by one of two routes through XNNPACK:
// - "combined filter": one stride-1 convolution of the output gradient with a filter that computes every stride
//   phase at once (transposedConvPlan.ts), the phases then interleaved by a reshape and a transpose. Its cost
//   beyond the multiplications is in the weights: XNNPACK repacks a filter it has not seen, 10–14 ns a weight.
// - "matrix product": cols = W·dyᵀ ([kh·kw·Cin, Cout]·[Cout, N·Ho·Wo], W as stored), then each column scattered back
//   onto the input grid (col2im). Its cost beyond the multiplications is in the activations.
// Deep layers of a small batch have far more weights than activations (ResNet18's last stage at 64 px: 2.4 M
// weights, 32 positions), shallow ones the reverse, so each call takes the cheaper route.
import type * as tf from '@tensorflow/tfjs';

import type { AxisPlan } from './transposedConvPlan';
import { planTransposedAxis } from './transposedConvPlan';
import type { ConvGeometry, ConvGradientAttrs, WasmHeapBackend } from './wasmKernelKit';
import { columnsInside, convGeometry, floatOffset, heapFloats, makeFloatOutput, matMulByConv, runWasmKernel, withTemporaries } from './wasmKernelKit';

type BackpropInputAttrs = ConvGradientAttrs & { inputShape: [number, number, number, number] };

export type InputGradientRoute = 'combined-filter' | 'matrix-product';

/** Forces one route (tests compare both with the CPU backend); null lets each call choose. */
export const inputGradientRouteOverride: { route: InputGradientRoute | null } = { route: null };

/** Rough nanoseconds per element of the work each route adds to the multiplications, measured on this backend. */
export function chooseInputGradientRoute(g: ConvGeometry): InputGradientRoute {
  const weights = g.kh * g.kw * g.inC * g.outC * g.strideH * g.strideW;
  const positions = g.batch * g.outH * g.outW;
  const combinedFilter = 16 * weights;
  const matrixProduct = 1.5 * g.kh * g.kw * g.inC * positions + 13 * g.outC * positions + 3 * g.batch * g.height * g.width * g.inC;
  return matrixProduct < combinedFilter ? 'matrix-product' : 'combined-filter';
}

/**
 * From w [kh, kw, Cin, Cout] to v [tapsH, tapsW, Cout, phasesH·phasesW·Cin]: v[jh, jw, co, (ph, pw, ci)] =
 * w[tapOf(jh, ph), tapOf(jw, pw), ci, co], or 0 where a phase has no such tap.
 */
function fillCombinedFilter(v: Float32Array, w: Float32Array, h: AxisPlan, wAxis: AxisPlan, kw: number, inC: number, outC: number): void {
  const phasesH = h.tapOf[0]!.length;
  const phasesW = wAxis.tapOf[0]!.length;
  const rowLength = phasesH * phasesW * inC;
  for (let jh = 0; jh < h.taps; jh++) {
    for (let jw = 0; jw < wAxis.taps; jw++) {
      const tapBase = (jh * wAxis.taps + jw) * outC * rowLength;
      for (let ph = 0; ph < phasesH; ph++) {
        for (let pw = 0; pw < phasesW; pw++) {
          const ih = h.tapOf[jh]![ph]!;
          const iw = wAxis.tapOf[jw]![pw]!;
          const phaseBase = tapBase + (ph * phasesW + pw) * inC;
          if (ih < 0 || iw < 0) {
            for (let co = 0; co < outC; co++) v.fill(0, phaseBase + co * rowLength, phaseBase + co * rowLength + inC);
            continue;
          }
          const wBase = (ih * kw + iw) * inC * outC;
          for (let ci = 0; ci < inC; ci++) {
            const from = wBase + ci * outC;
            let to = phaseBase + ci;
            for (let co = 0; co < outC; co++, to += rowLength) v[to] = w[from + co]!;
          }
        }
      }
    }
  }
}

function byCombinedFilter(backend: WasmHeapBackend, dy: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo {
  const h = planTransposedAxis(g.kh, g.strideH, g.top, g.height, g.outH);
  const w = planTransposedAxis(g.kw, g.strideW, g.left, g.width, g.outW);
  const [phasesH, phasesW] = [g.strideH, g.strideW];
  return withTemporaries(backend, (keep) => {
    const combined = keep(
      makeFloatOutput(backend, [h.taps, w.taps, g.outC, phasesH * phasesW * g.inC], [filter], (v, f) => fillCombinedFilter(v, f, h, w, g.kw, g.inC, g.outC)),
    );
    let window = keep(runWasmKernel('PadV2', backend, { x: dy }, { paddings: [[0, 0], [h.front, Math.max(0, h.back)], [w.front, Math.max(0, w.back)], [0, 0]], constantValue: 0 }));
    if (h.back < 0 || w.back < 0) {
      const size = [g.batch, h.rowsPerPhase + h.taps - 1, w.rowsPerPhase + w.taps - 1, g.outC];
      window = keep(runWasmKernel('Slice', backend, { x: window }, { begin: [0, 0, 0, 0], size }));
    }
    const conv = (): tf.TensorInfo => runWasmKernel('Conv2D', backend, { x: window, filter: combined }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] });
    if (phasesH * phasesW === 1) return conv();
    const phases = keep(conv());
    // [N·rows, cols, phaseH, phaseW·Cin] → [N·rows, phaseH, cols, phaseW·Cin] is the interleaved [N, rows·sh, cols·sw, Cin].
    const grouped = keep(runWasmKernel('Reshape', backend, { x: phases }, { shape: [g.batch * h.rowsPerPhase, w.rowsPerPhase, phasesH, phasesW * g.inC] }));
    const interleaved = keep(runWasmKernel('Transpose', backend, { x: grouped }, { perm: [0, 2, 1, 3] }));
    const shaped = runWasmKernel('Reshape', backend, { x: interleaved }, { shape: [g.batch, h.rowsPerPhase * phasesH, w.rowsPerPhase * phasesW, g.inC] });
    if (shaped.shape[1] === g.height && shaped.shape[2] === g.width) return shaped;
    // Whole phases can overrun the input by up to stride − 1 rows or columns.
    return runWasmKernel('Slice', backend, { x: keep(shaped) }, { begin: [0, 0, 0, 0], size: [g.batch, g.height, g.width, g.inC] });
  });
}

/**
 * dxᵀ[ci, n, y·sh + i − top, x·sw + j − left] += cols[(i, j, ci), (n, y, x)]: scatters the per-tap products back
 * onto the input grid ("col2im"). `heap` views the module memory; `cols` and `dxT` are float offsets into it.
 */
export function addColumnsToImage(heap: Float32Array, cols: number, dxT: number, g: ConvGeometry): void {
  const columns = g.batch * g.outH * g.outW;
  heap.fill(0, dxT, dxT + g.inC * g.batch * g.height * g.width);
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      const [xLo, xHi] = columnsInside(g, j);
      if (xHi < xLo) continue;
      for (let ci = 0; ci < g.inC; ci++) {
        let from = cols + ((i * g.kw + j) * g.inC + ci) * columns;
        for (let n = 0; n < g.batch; n++) {
          for (let y = 0; y < g.outH; y++, from += g.outW) {
            const h = y * g.strideH + i - g.top;
            if (h < 0 || h >= g.height) continue;
            const to = dxT + ((ci * g.batch + n) * g.height + h) * g.width + j - g.left;
            for (let x = xLo; x <= xHi; x++) {
              const at = to + x * g.strideW;
              heap[at] = heap[at]! + heap[from + x]!;
            }
          }
        }
      }
    }
  }
}

function byMatrixProduct(backend: WasmHeapBackend, dy: tf.TensorInfo, filter: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo {
  const positions = g.batch * g.outH * g.outW;
  const patch = g.kh * g.kw * g.inC;
  return withTemporaries(backend, (keep) => {
    const dyRows = keep(runWasmKernel('Reshape', backend, { x: dy }, { shape: [positions, g.outC] }));
    const dyT = keep(runWasmKernel('Transpose', backend, { x: dyRows }, { perm: [1, 0] }));
    const cols = keep(matMulByConv(backend, filter, dyT, patch, g.outC, positions));
    const dxT = keep(backend.makeOutput([g.inC, g.batch, g.height, g.width], 'float32'));
    addColumnsToImage(heapFloats(backend, dxT), floatOffset(backend, cols), floatOffset(backend, dxT), g);
    return runWasmKernel('Transpose', backend, { x: dxT }, { perm: [1, 2, 3, 0] });
  });
}

export function conv2dBackpropInputKernel(native: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as WasmHeapBackend;
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as BackpropInputAttrs;
    if (dataFormat !== 'NHWC' || filter.dtype !== 'float32') return native(args);
    const g = convGeometry(inputShape, filter.shape as [number, number, number, number], strides, pad, dimRoundingMode);
    const route = inputGradientRouteOverride.route ?? chooseInputGradientRoute(g);
    return route === 'matrix-product' ? byMatrixProduct(backend, dy, filter, g) : byCombinedFilter(backend, dy, filter, g);
  };
}
