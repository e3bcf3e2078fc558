import * as tf from '@tensorflow/tfjs';

import type { Random } from '../random';

/** One image's draw, in the reference's order (torch_train.py `augment`). */
export interface AugmentDraw {
  /** Counter-clockwise, in degrees, about the image centre. */
  rotationDegrees: number;
  /** The crop of the rotated source, in source pixels (continuous coordinates, top-left corner at 0). */
  crop: { top: number; left: number; height: number; width: number };
  flipHorizontal: boolean;
  flipVertical: boolean;
  /** Colour jitter factors and the order the four are applied in (0 brightness, 1 contrast, 2 saturation, 3 hue). */
  jitter: { brightness: number; contrast: number; saturation: number; hue: number; order: number[] };
}

const SCALE = [0.75, 1] as const;
const LOG_RATIO = [Math.log(3 / 4), Math.log(4 / 3)] as const;

/** The size of the file an image was decoded from, in its own pixels. */
export interface SourceSize {
  width: number;
  height: number;
}

/**
 * torchvision's RandomResizedCrop.get_params on a width × height source (in that source's own pixels, as the
 * reference draws it on the full-size image): ten tries, then the centre crop with the aspect clamped to 3/4–4/3.
 */
function drawCrop({ width: w, height: h }: SourceSize, random: Random): AugmentDraw['crop'] {
  const area = w * h;
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * random.uniform(SCALE[0], SCALE[1]);
    const aspect = Math.exp(random.uniform(LOG_RATIO[0], LOG_RATIO[1]));
    const width = Math.round(Math.sqrt(target * aspect));
    const height = Math.round(Math.sqrt(target / aspect));
    if (width > 0 && width <= w && height > 0 && height <= h) {
      return { top: random.int(h - height + 1), left: random.int(w - width + 1), height, width };
    }
  }
  const ratio = w / h;
  const [width, height] = ratio < 3 / 4 ? [w, Math.round(w / (3 / 4))] : ratio > 4 / 3 ? [Math.round(h * (4 / 3)), h] : [w, h];
  return { top: Math.floor((h - height) / 2), left: Math.floor((w - width) / 2), height, width };
}

/**
 * Draws one image's augmentation: rotation ±45°, resized crop (scale 0.75–1, aspect 3/4–4/3), flips, colour jitter.
 * The crop is drawn in the source file's own pixels.
 */
export function drawAugment(source: SourceSize, random: Random): AugmentDraw {
  const rotationDegrees = random.uniform(-45, 45);
  const crop = drawCrop(source, random);
  const flipHorizontal = random.next() < 0.5;
  const flipVertical = random.next() < 0.5;
  const order = [0, 1, 2, 3];
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const jitter = { brightness: random.uniform(0.88, 1.12), contrast: random.uniform(0.88, 1.12), saturation: random.uniform(0.92, 1.08), hue: random.uniform(-0.08, 0.08), order };
  return { rotationDegrees, crop, flipHorizontal, flipVertical, jitter };
}

type Matrix3 = [number, number, number, number, number, number, number, number, number];

const multiply = (a: Matrix3, b: Matrix3): Matrix3 => {
  const out = new Array<number>(9) as Matrix3;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  return out;
};

/**
 * The projective transform (TensorFlow.js `image.transform`, output pixel → source pixel) that rotates the source,
 * crops it, resizes the crop to `outSidePx` and flips, sampling once. Rotation and crop happen in the source file's own
 * pixels (`source`), as the reference rotates the full-size image before squashing it to a square: the
 * `sourceSidePx` square the pixels were decoded to is that file stretched, so a turn in the square's coordinates
 * would shear a non-square image. Pixel centres sit at index + 0.5.
 */
export function geometryTransform(draw: AugmentDraw, sourceSidePx: number, outSidePx: number, source: SourceSize = { width: sourceSidePx, height: sourceSidePx }): number[] {
  const { crop } = draw;
  const [cx, cy] = [source.width / 2, source.height / 2];
  const theta = (draw.rotationDegrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(theta), Math.sin(theta)];
  // Output index → continuous output coordinate, flipped.
  const toContinuous: Matrix3 = [draw.flipHorizontal ? -1 : 1, 0, draw.flipHorizontal ? outSidePx - 0.5 : 0.5, 0, draw.flipVertical ? -1 : 1, draw.flipVertical ? outSidePx - 0.5 : 0.5, 0, 0, 1];
  const fromCrop: Matrix3 = [crop.width / outSidePx, 0, crop.left, 0, crop.height / outSidePx, crop.top, 0, 0, 1];
  // A point of the rotated image comes from the source point turned back by θ about the centre (y points down, so a
  // counter-clockwise turn on screen maps (x, y) to (x·cos − y·sin, x·sin + y·cos) when undone).
  const unrotate: Matrix3 = [cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy, 0, 0, 1];
  const toDecoded: Matrix3 = [sourceSidePx / source.width, 0, 0, 0, sourceSidePx / source.height, 0, 0, 0, 1];
  const toIndex: Matrix3 = [1, 0, -0.5, 0, 1, -0.5, 0, 0, 1];
  const m = multiply(toIndex, multiply(toDecoded, multiply(unrotate, multiply(fromCrop, toContinuous))));
  return [m[0], m[1], m[2], m[3], m[4], m[5], 0, 0];
}

// ITU-R 601 luma, as torchvision's rgb_to_grayscale.
const GREY = [0.299, 0.587, 0.114] as const;
const YIQ: Matrix3 = [0.299, 0.587, 0.114, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312];

function invert(m: Matrix3): Matrix3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det, (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det, (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det];
}
const YIQ_INVERSE = invert(YIQ);

const IDENTITY: Matrix3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
const scaled = (m: Matrix3, s: number): Matrix3 => m.map((v) => v * s) as Matrix3;
const add = (a: Matrix3, b: Matrix3): Matrix3 => a.map((v, i) => v + b[i]!) as Matrix3;
/** 1·gᵀ·m: every channel becomes the grey value of m's output. */
const greyOf = (m: Matrix3): Matrix3 => {
  const row = [0, 1, 2].map((c) => GREY[0] * m[c]! + GREY[1] * m[3 + c]! + GREY[2] * m[6 + c]!);
  return [...row, ...row, ...row] as Matrix3;
};

/**
 * The colour jitter of one image as pixel′ = A·pixel + B·mean + offset, where mean is the image's per-channel mean
 * before jitter: brightness scales, saturation blends with the pixel's grey, contrast blends with the image's mean
 * grey (an affine function of `mean`, so the order of the four can be composed without reading pixels), and hue
 * turns the chroma plane of YIQ (a linear stand-in for torchvision's HSV hue shift). Clamping to 0–1 happens once, at
 * the end, where torchvision clamps after each step.
 */
export function colourTransform(jitter: AugmentDraw['jitter']): { a: Matrix3; b: Matrix3 } {
  let a = IDENTITY;
  let b: Matrix3 = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const op of jitter.order) {
    if (op === 0) {
      a = scaled(a, jitter.brightness);
      b = scaled(b, jitter.brightness);
    } else if (op === 1) {
      const c = jitter.contrast;
      const meanGrey = greyOf(add(a, b));
      [a, b] = [scaled(a, c), add(scaled(b, c), scaled(meanGrey, 1 - c))];
    } else if (op === 2) {
      const s = jitter.saturation;
      [a, b] = [add(scaled(a, s), scaled(greyOf(a), 1 - s)), add(scaled(b, s), scaled(greyOf(b), 1 - s))];
    } else {
      const angle = 2 * Math.PI * jitter.hue;
      const turn: Matrix3 = [1, 0, 0, 0, Math.cos(angle), -Math.sin(angle), 0, Math.sin(angle), Math.cos(angle)];
      const hue = multiply(YIQ_INVERSE, multiply(turn, YIQ));
      [a, b] = [multiply(hue, a), multiply(hue, b)];
    }
  }
  return { a, b };
}

/**
 * Augments a batch identically for images [B, M, M, 3] (0–1) and masks [B, M, M, 1] drawn from sources of M px
 * (decoded with a margin, so a crop is not an upsampling; `sources` are the files' own sizes): rotation (bilinear, zero fill), random resized crop to
 * `outSidePx`, flips, then colour jitter on the images only; masks are thresholded at 0.5. Returns new tensors that
 * the caller must dispose.
 */
export function augmentBatch(images: tf.Tensor4D, masks: tf.Tensor4D, outSidePx: number, random: Random, sources?: ReadonlyArray<SourceSize | null>): { images: tf.Tensor4D; masks: tf.Tensor4D } {
  const [batch, side] = images.shape;
  // A file of unknown size is taken to be the square it was decoded to.
  const sizes = Array.from({ length: batch }, (_, i): SourceSize => sources?.[i] ?? { width: side, height: side });
  const draws = sizes.map((size) => drawAugment(size, random));
  return tf.tidy(() => {
    const transforms = tf.tensor2d(draws.map((d, i) => geometryTransform(d, side, outSidePx, sizes[i])), [batch, 8]);
    const warped = tf.image.transform(tf.concat([images, masks], 3), transforms, 'bilinear', 'constant', 0, [outSidePx, outSidePx]);
    const [rgb, mask] = tf.split(warped, [3, 1], 3) as [tf.Tensor4D, tf.Tensor4D];
    const colours = draws.map((d) => colourTransform(d.jitter));
    // Row vectors: pixel′ᵀ = pixelᵀ·Aᵀ + meanᵀ·Bᵀ.
    const aT = tf.transpose(tf.tensor3d(colours.flatMap((c) => c.a), [batch, 3, 3]), [0, 2, 1]);
    const bT = tf.transpose(tf.tensor3d(colours.flatMap((c) => c.b), [batch, 3, 3]), [0, 2, 1]);
    const flat = tf.reshape(rgb, [batch, outSidePx * outSidePx, 3]);
    const mean = tf.mean(flat, 1, true);
    const jittered = tf.add(tf.matMul(flat, aT), tf.matMul(mean, bT));
    return {
      images: tf.reshape(tf.clipByValue(jittered, 0, 1), [batch, outSidePx, outSidePx, 3]) as tf.Tensor4D,
      masks: tf.cast(tf.greater(mask, 0.5), 'float32') as tf.Tensor4D,
    };
  });
}
