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

/** Sources larger than this many times the output on both axes are first shrunk by the browser, to bound the work. */
const MAX_RESIZE_FACTOR = 8;

/**
 * Decodes a file to sizePx × sizePx RGBA, composited on black: the browser decodes at the file's own size (no colour
 * conversion), then core's resizeBilinear shrinks it exactly as Pillow does, so evaluation images match the PyTorch
 * reference's to the bit. Only very large photos are first shrunk by the browser to 8× the output.
 */
async function drawResized(blob: Blob, sizePx: number): Promise<Uint8Array> {
  const options: ImageBitmapOptions = { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' };
  let bitmap = await createImageBitmap(blob, options);
  const limit = sizePx * MAX_RESIZE_FACTOR;
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
  return resizeBilinear(context.getImageData(0, 0, width, height).data, width, height, 4, sizePx, sizePx);
}

/** Decodes an image to sizePx × sizePx RGB (stretched to a square, EXIF orientation applied). */
export async function decodeImagePixels(blob: Blob, sizePx: number): Promise<Uint8Array> {
  const rgba = await drawResized(blob, sizePx);
  const rgb = new Uint8Array(sizePx * sizePx * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    rgb[q] = rgba[p]!;
    rgb[q + 1] = rgba[p + 1]!;
    rgb[q + 2] = rgba[p + 2]!;
  }
  return rgb;
}

/** Decodes one or more masks to a sizePx × sizePx binary mask: a pixel above half its range is object; several masks merge by union. */
export async function decodeMaskPixels(blobs: readonly Blob[], sizePx: number): Promise<Uint8Array> {
  const mask = new Uint8Array(sizePx * sizePx);
  for (const blob of blobs) binarizeMask(await drawResized(blob, sizePx), mask);
  return mask;
}
