/**
 * Pillow's `Image.resize(size, Image.BILINEAR)` on 8-bit pixels, reproduced to the bit: a separable triangle filter
 * whose support widens with the downscale factor (so shrinking averages every source pixel, as an antialiased resize
 * does), fixed-point coefficients with 22 fractional bits, the horizontal pass first, each pass rounded and clamped
 * to 0–255. The PyTorch reference decodes every image this way, and a browser's canvas resampler does not (it
 * differs by up to 38 levels on PH2 at 64 px), so the studio resizes with this instead.
 */
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

interface Taps {
  /** First source index of each output pixel. */
  first: Int32Array;
  count: Int32Array;
  /** Fixed-point weights, `stride` per output pixel. */
  weights: Int32Array;
  stride: number;
}

const triangle = (x: number): number => (x < 0 ? (x > -1 ? 1 + x : 0) : x < 1 ? 1 - x : 0);

/** Pillow's precompute_coeffs for the bilinear filter (support 1) over a whole axis, then normalize_coeffs_8bpc. */
function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * stride);
  const k = new Float64Array(stride);
  const ss = 1 / filterScale;
  for (let x = 0; x < outSize; x++) {
    const centre = (x + 0.5) * scale;
    // Pillow truncates toward zero here (C casts); both operands are non-negative where it matters.
    const xmin = Math.max(Math.trunc(centre - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(centre + support + 0.5), inSize) - xmin;
    let total = 0;
    for (let i = 0; i < xmax; i++) {
      const w = triangle((i + xmin - centre + 0.5) * ss);
      k[i] = w;
      total += w;
    }
    for (let i = 0; i < xmax; i++) {
      const w = total !== 0 ? k[i]! / total : 0;
      weights[x * stride + i] = Math.trunc(w < 0 ? w * ONE - 0.5 : w * ONE + 0.5);
    }
    first[x] = xmin;
    count[x] = xmax;
  }
  return { first, count, weights, stride };
}

const clip8 = (value: number): number => {
  const v = Math.floor(value / ONE);
  return v < 0 ? 0 : v > 255 ? 255 : v;
};

/**
 * Resizes interleaved 8-bit pixels (`channels` per pixel) from width × height to outWidth × outHeight, as Pillow's
 * bilinear resize does (a pass is skipped when its axis keeps its size).
 */
export function resizeBilinear(source: ArrayLike<number>, width: number, height: number, channels: number, outWidth: number, outHeight: number): Uint8Array {
  let pixels: ArrayLike<number> = source;
  let w = width;
  if (outWidth !== width) {
    const t = taps(width, outWidth);
    const out = new Uint8Array(outWidth * height * channels);
    for (let y = 0; y < height; y++) {
      const row = y * width * channels;
      for (let x = 0; x < outWidth; x++) {
        const base = x * t.stride;
        for (let c = 0; c < channels; c++) {
          // Sums stay well inside 2^53 (at most 255 · 2^22 · taps), so plain numbers are exact.
          let sum = HALF;
          for (let i = 0; i < t.count[x]!; i++) sum += pixels[row + (t.first[x]! + i) * channels + c]! * t.weights[base + i]!;
          out[(y * outWidth + x) * channels + c] = clip8(sum);
        }
      }
    }
    pixels = out;
    w = outWidth;
  }
  if (outHeight !== height) {
    const t = taps(height, outHeight);
    const out = new Uint8Array(w * outHeight * channels);
    const rowLength = w * channels;
    for (let y = 0; y < outHeight; y++) {
      const base = y * t.stride;
      for (let x = 0; x < rowLength; x++) {
        let sum = HALF;
        for (let i = 0; i < t.count[y]!; i++) sum += pixels[(t.first[y]! + i) * rowLength + x]! * t.weights[base + i]!;
        out[y * rowLength + x] = clip8(sum);
      }
    }
    pixels = out;
  }
  return pixels instanceof Uint8Array && pixels !== source ? pixels : Uint8Array.from(pixels);
}
