import { binarizeMask } from '../core/data/binarizeMask';
import { resizeBilinear } from '../core/data/resizeBilinear';

// Image decoding and encoding with the browser's own codecs (createImageBitmap, OffscreenCanvas):
// any size, aspect or colour type in; RGB or binary masks out.

function context2d(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('this browser cannot draw images off screen');
  return context;
}

/** Width and height of an image file; throws with a reason when it cannot be decoded. */
export async function probeImage(blob: Blob): Promise<{ width: number; height: number }> {
  if (blob.size === 0) throw new Error('the file is empty (0 bytes)');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    throw new Error('the image cannot be decoded (truncated or not really an image)');
  }
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

/**
 * Sources larger than this many times the output on both axes are first shrunk by the browser, to bound the work (a
 * preview, drawn on the page's thread, shrinks more).
 */
const MAX_RESIZE_FACTOR = { exact: 8, preview: 2 };

export interface DecodeOptions {
  /** For thumbnails: the browser shrinks the file to twice the size first, so little work is left to do exactly. */
  preview?: boolean;
}

/**
 * Decodes a file to RGBA at its own size, composited on black, with no colour conversion; very large photos are
 * first shrunk by the browser (see MAX_RESIZE_FACTOR), to bound the work.
 */
async function decodeRgba(blob: Blob, largestSidePx: number, { preview = false }: DecodeOptions): Promise<{ rgba: Uint8ClampedArray; width: number; height: number; source: { width: number; height: number } }> {
  const options: ImageBitmapOptions = { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' };
  let bitmap = await createImageBitmap(blob, options);
  const source = { width: bitmap.width, height: bitmap.height };
  const limit = largestSidePx * (preview ? MAX_RESIZE_FACTOR.preview : MAX_RESIZE_FACTOR.exact);
  if (bitmap.width > limit && bitmap.height > limit) {
    const shrink = limit / Math.min(bitmap.width, bitmap.height);
    const resized = await createImageBitmap(bitmap, { ...options, resizeWidth: Math.round(bitmap.width * shrink), resizeHeight: Math.round(bitmap.height * shrink), resizeQuality: 'high' });
    bitmap.close();
    bitmap = resized;
  }
  const { width, height } = bitmap;
  const context = context2d(width, height);
  context.fillStyle = 'black';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { rgba: context.getImageData(0, 0, width, height).data, width, height, source };
}

function rgbOf(rgba: Uint8Array): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    rgb[q] = rgba[p]!;
    rgb[q + 1] = rgba[p + 1]!;
    rgb[q + 2] = rgba[p + 2]!;
  }
  return rgb;
}

/**
 * Decodes an image once and stretches it to each square side asked for, RGB, exactly as Pillow's bilinear resize
 * does (core's resizeBilinear), so evaluation images match the PyTorch reference's to the bit; with the file's own size.
 */
export async function decodeImageSizes(blob: Blob, sizesPx: readonly number[], options: DecodeOptions = {}): Promise<{ pixels: Uint8Array[]; source: { width: number; height: number } }> {
  const { rgba, width, height, source } = await decodeRgba(blob, Math.max(...sizesPx), options);
  return { pixels: sizesPx.map((s) => rgbOf(resizeBilinear(rgba, width, height, 4, s, s))), source };
}

/** Decodes an image to sizePx × sizePx RGB (stretched to a square, EXIF orientation applied). */
export async function decodeImagePixels(blob: Blob, sizePx: number, options: DecodeOptions = {}): Promise<Uint8Array> {
  return (await decodeImageSizes(blob, [sizePx], options)).pixels[0]!;
}

/**
 * Decodes one or more masks to binary masks at each side asked for: a pixel above half its range is object;
 * several masks merge by union.
 */
export async function decodeMaskSizes(blobs: readonly Blob[], sizesPx: readonly number[], options: DecodeOptions = {}): Promise<Uint8Array[]> {
  const masks = sizesPx.map((s) => new Uint8Array(s * s));
  for (const blob of blobs) {
    const { rgba, width, height } = await decodeRgba(blob, Math.max(...sizesPx), options);
    sizesPx.forEach((s, i) => binarizeMask(resizeBilinear(rgba, width, height, 4, s, s), masks[i]!));
  }
  return masks;
}

export async function decodeMaskPixels(blobs: readonly Blob[], sizePx: number, options: DecodeOptions = {}): Promise<Uint8Array> {
  return (await decodeMaskSizes(blobs, [sizePx], options))[0]!;
}
