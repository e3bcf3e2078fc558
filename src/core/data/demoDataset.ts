import type { Random } from '../random';
import { createRandom } from '../random';
import type { PixelDataset, PixelSample, SplitName } from './datasetTypes';

export interface DemoDatasetOptions {
  seed?: number;
  sizePx?: number;
  imagesPerClass?: number;
  /** 0–1: in train and val, the chance that an image sits on its own class's background style. */
  shortcutStrength?: number;
}

export const DEMO_CLASSES = ['disc', 'square', 'triangle'] as const;
const BACKGROUNDS = ['stripes', 'checks', 'speckles'] as const;
type Background = (typeof BACKGROUNDS)[number];

function backgroundValue(kind: Background, x: number, y: number, sizePx: number, phase: number, random: Random): number {
  const period = Math.max(4, Math.round(sizePx / 8));
  switch (kind) {
    case 'stripes':
      return Math.floor((x + y + phase) / (period / 2)) % 2 ? 0.75 : 0.35;
    case 'checks':
      return (Math.floor((x + phase) / period) + Math.floor(y / period)) % 2 ? 0.7 : 0.4;
    case 'speckles':
      return 0.35 + 0.4 * random.next();
  }
}

function insideShape(shape: (typeof DEMO_CLASSES)[number], dx: number, dy: number, radius: number): boolean {
  switch (shape) {
    case 'disc':
      return dx * dx + dy * dy <= radius * radius;
    case 'square':
      return Math.abs(dx) <= radius * 0.85 && Math.abs(dy) <= radius * 0.85;
    case 'triangle': {
      // Upward triangle: apex at −radius, base at +0.8·radius.
      if (dy < -radius || dy > radius * 0.8) return false;
      const halfWidth = ((dy + radius) / (1.8 * radius)) * radius;
      return Math.abs(dx) <= halfWidth;
    }
  }
}

/**
 * Generates the built-in demo dataset: coloured shapes on textured backgrounds with exact masks.
 * Train and val images mostly use their class's own background (the shortcut); test backgrounds are random,
 * so a classifier that learned the background fails on test. Deterministic for a seed.
 */
export function generateDemoDataset(options: DemoDatasetOptions = {}): PixelDataset {
  const { seed = 1, sizePx = 64, imagesPerClass = 30, shortcutStrength = 0.9 } = options;
  const random = createRandom(seed);
  const samples: PixelSample[] = [];
  DEMO_CLASSES.forEach((shape, label) => {
    for (let n = 0; n < imagesPerClass; n++) {
      const split: SplitName = n % 10 === 8 ? 'val' : n % 10 === 9 ? 'test' : 'train';
      const usesShortcut = split !== 'test' && random.next() < shortcutStrength;
      const background = usesShortcut ? BACKGROUNDS[label]! : BACKGROUNDS[random.int(BACKGROUNDS.length)]!;
      const tint = [random.uniform(0.6, 1), random.uniform(0.6, 1), random.uniform(0.6, 1)];
      const colour = [random.next(), random.next(), random.next()];
      const radius = sizePx * random.uniform(0.16, 0.26);
      const cx = random.uniform(radius, sizePx - radius);
      const cy = random.uniform(radius, sizePx - radius);
      const phase = random.int(sizePx);
      const pixels = new Uint8Array(sizePx * sizePx * 3);
      const mask = new Uint8Array(sizePx * sizePx);
      for (let y = 0; y < sizePx; y++) {
        for (let x = 0; x < sizePx; x++) {
          const p = y * sizePx + x;
          const isObject = insideShape(shape, x + 0.5 - cx, y + 0.5 - cy, radius);
          mask[p] = isObject ? 1 : 0;
          const base = backgroundValue(background, x, y, sizePx, phase, random);
          for (let c = 0; c < 3; c++) {
            const value = isObject ? 0.15 + 0.8 * colour[c]! : base * tint[c]!;
            pixels[p * 3 + c] = Math.round(255 * Math.min(1, Math.max(0, value + random.uniform(-0.04, 0.04))));
          }
        }
      }
      samples.push({ id: `${shape}/${String(n).padStart(3, '0')}-${background}.png`, label, split, pixels, mask });
    }
  });
  return { name: 'Demo shapes', classNames: [...DEMO_CLASSES], sizePx, marginSizePx: null, samples };
}
