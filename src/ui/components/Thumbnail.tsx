import { useEffect, useRef } from 'react';

import { decodeImagePixels, decodeMaskPixels } from '../../browser/imageCodec';

const SIZE = 96;

/** An image with its mask's outline drawn over it in yellow. */
export function Thumbnail({ image, masks, label }: { image: Blob; masks: Blob[]; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const rgb = await decodeImagePixels(image, SIZE, { preview: true });
      const mask = masks.length ? await decodeMaskPixels(masks, SIZE, { preview: true }) : null;
      const context = canvas.current?.getContext('2d');
      if (!isCurrent || !context) return;
      const data = context.createImageData(SIZE, SIZE);
      for (let p = 0; p < SIZE * SIZE; p++) {
        const x = p % SIZE;
        const y = Math.floor(p / SIZE);
        const isEdge =
          mask !== null && mask[p] === 1 && (x === 0 || y === 0 || x === SIZE - 1 || y === SIZE - 1 || !mask[p - 1] || !mask[p + 1] || !mask[p - SIZE] || !mask[p + SIZE]);
        data.data.set(isEdge ? [255, 221, 0, 255] : [rgb[p * 3]!, rgb[p * 3 + 1]!, rgb[p * 3 + 2]!, 255], p * 4);
      }
      context.putImageData(data, 0, 0);
    })();
    return () => {
      isCurrent = false;
    };
  }, [image, masks]);
  return (
    <figure>
      <canvas ref={canvas} width={SIZE} height={SIZE} role="img" aria-label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
