import { zlibSync } from 'fflate';

import { concatBytes } from '../concatBytes';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes square RGB pixels (or a {0, 1} mask when channels is 1, written as black and white) as PNG bytes, in
 * plain JavaScript: the demo data are written without a canvas, so generating them never waits on the GPU process.
 */
export function encodePng(pixels: Uint8Array, sizePx: number, channels: 1 | 3): Uint8Array {
  const rowBytes = sizePx * channels;
  const raw = new Uint8Array(sizePx * (rowBytes + 1));
  for (let y = 0; y < sizePx; y++) {
    // Filter type 0 (none) per scanline; deflate does the rest.
    const row = pixels.subarray(y * rowBytes, (y + 1) * rowBytes);
    raw.set(channels === 1 ? row.map((v) => (v ? 255 : 0)) : row, y * (rowBytes + 1) + 1);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, sizePx);
  view.setUint32(4, sizePx);
  header.set([8, channels === 1 ? 0 : 2, 0, 0, 0], 8);
  const parts = [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlibSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))];
  return concatBytes(parts);
}
