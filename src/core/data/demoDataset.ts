import type { Random } from '../random';
import { createRandom, streamSeed } from '../random';
import type { PixelDataset, PixelSample, SplitName } from './datasetTypes';

export interface DemoDatasetOptions {
  seed?: number;
  sizePx?: number;
  /** Also render every image at this side (for augmentation crops), drawn from the same shapes. */
  marginSizePx?: number | null;
  /** Images per class, split 80/10/10, unless the three counts below are given. */
  imagesPerClass?: number;
  trainPerClass?: number;
  valPerClass?: number;
  testPerClass?: number;
  /** 0–1: in train and val, the chance that an image sits on its own class's background style. */
  shortcutStrength?: number;
  /** The shapes' radius as fractions of the image side. */
  radiusRange?: readonly [number, number];
  /** Backgrounds told apart by texture (stripes, checks, speckles) or by colour (warm, green, cool). */
  backgrounds?: 'texture' | 'colour';
}

export const DEMO_CLASSES = ['disc', 'square', 'triangle'] as const;

/**
 * The studio's demo datasets. classroom: big shapes on colour backgrounds, 60/15/50 images per class, what the Train
 * page's Classroom preset and the shortcut lesson train on (at 1/8 width in 10 epochs the shapes are learnt); small:
 * the same look with 24/3/3, for quick checks.
 */
export const DEMO_PRESETS = {
  classroom: { trainPerClass: 60, valPerClass: 15, testPerClass: 50, backgrounds: 'colour', radiusRange: [0.28, 0.38] },
  small: { trainPerClass: 24, valPerClass: 3, testPerClass: 3, backgrounds: 'colour', radiusRange: [0.28, 0.38] },
} as const satisfies Record<string, DemoDatasetOptions>;
export type DemoPreset = keyof typeof DEMO_PRESETS;

/** The background each class sits on in training when the shortcut holds (the lesson's rows are test images on another). */
export function shortcutBackgroundOf(label: number, backgrounds: 'texture' | 'colour' = 'colour'): string {
  return (backgrounds === 'colour' ? COLOUR_BACKGROUNDS : DEMO_BACKGROUNDS)[label]!;
}

/** A demo image's background, from its id (`disc/012-green.png`). */
export function backgroundOfDemoImage(id: string): string | null {
  return /-([a-z]+)\.png$/.exec(id)?.[1] ?? null;
}
export const DEMO_BACKGROUNDS = ['stripes', 'checks', 'speckles'] as const;
export const COLOUR_BACKGROUNDS = ['warm', 'green', 'cool'] as const;
type Background = (typeof DEMO_BACKGROUNDS)[number] | (typeof COLOUR_BACKGROUNDS)[number];

/** One image's drawing, in fractions of the side so it renders alike at any size. */
interface Drawing {
  shape: (typeof DEMO_CLASSES)[number];
  background: Background;
  tint: number[];
  colour: number[];
  radius: number;
  cx: number;
  cy: number;
  phase: number;
}

function backgroundValue(kind: Background, u: number, v: number, phase: number, random: Random): number {
  switch (kind) {
    case 'stripes':
      return Math.floor((u + v + phase) * 16) % 2 ? 0.75 : 0.35;
    case 'checks':
      return (Math.floor((u + phase) * 8) + Math.floor(v * 8)) % 2 ? 0.7 : 0.4;
    case 'speckles':
      return 0.35 + 0.4 * random.next();
    default:
      // Colour backgrounds: a soft diagonal gradient; the hue comes from the tint.
      return 0.45 + 0.25 * (u + v - 1) + 0.05 * Math.sin(12 * (u + phase));
  }
}

const HUES: Record<string, number[]> = { warm: [1, 0.55, 0.35], green: [0.45, 1, 0.5], cool: [0.4, 0.55, 1] };

function insideShape(shape: Drawing['shape'], dx: number, dy: number, radius: number): boolean {
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

/** Renders a drawing at `sizePx` (pixel noise from its own stream, so every size of one image draws the same). */
function render(d: Drawing, sizePx: number, noise: Random): { pixels: Uint8Array; mask: Uint8Array } {
  const pixels = new Uint8Array(sizePx * sizePx * 3);
  const mask = new Uint8Array(sizePx * sizePx);
  for (let y = 0; y < sizePx; y++) {
    for (let x = 0; x < sizePx; x++) {
      const p = y * sizePx + x;
      const [u, v] = [(x + 0.5) / sizePx, (y + 0.5) / sizePx];
      const isObject = insideShape(d.shape, u - d.cx, v - d.cy, d.radius);
      mask[p] = isObject ? 1 : 0;
      const base = backgroundValue(d.background, u, v, d.phase, noise);
      for (let c = 0; c < 3; c++) {
        const value = isObject ? 0.15 + 0.8 * d.colour[c]! : base * d.tint[c]!;
        pixels[p * 3 + c] = Math.round(255 * Math.min(1, Math.max(0, value + noise.uniform(-0.04, 0.04))));
      }
    }
  }
  return { pixels, mask };
}

/**
 * Generates the built-in demo dataset: coloured shapes on textured backgrounds with exact masks. Train and val images
 * mostly use their class's own background (the shortcut); test backgrounds are random, so a classifier that learned
 * the background fails on test. Deterministic for a seed.
 */
export function generateDemoDataset(options: DemoDatasetOptions = {}): PixelDataset {
  const { seed = 1, sizePx = 64, marginSizePx = null, imagesPerClass = 30, shortcutStrength = 0.9, radiusRange = [0.16, 0.26], backgrounds = 'texture' } = options;
  const kinds = backgrounds === 'colour' ? COLOUR_BACKGROUNDS : DEMO_BACKGROUNDS;
  const counts = options.trainPerClass !== undefined ? { train: options.trainPerClass, val: options.valPerClass ?? 0, test: options.testPerClass ?? 0 } : null;
  const random = createRandom(seed);
  const samples: PixelSample[] = [];
  DEMO_CLASSES.forEach((shape, label) => {
    const total = counts ? counts.train + counts.val + counts.test : imagesPerClass;
    for (let n = 0; n < total; n++) {
      const split: SplitName = counts ? (n < counts.train ? 'train' : n < counts.train + counts.val ? 'val' : 'test') : n % 10 === 8 ? 'val' : n % 10 === 9 ? 'test' : 'train';
      const usesShortcut = split !== 'test' && random.next() < shortcutStrength;
      const background = usesShortcut ? kinds[label]! : kinds[random.int(kinds.length)]!;
      const hue = HUES[background];
      const tint = hue ? hue.map((h) => h * random.uniform(0.85, 1.1)) : [random.uniform(0.6, 1), random.uniform(0.6, 1), random.uniform(0.6, 1)];
      const colour = [random.next(), random.next(), random.next()];
      const radius = random.uniform(radiusRange[0], radiusRange[1]);
      const drawing: Drawing = { shape, background, tint, colour, radius, cx: random.uniform(radius, 1 - radius), cy: random.uniform(radius, 1 - radius), phase: random.next() };
      const id = `${shape}/${String(n).padStart(3, '0')}-${background}.png`;
      const { pixels, mask } = render(drawing, sizePx, createRandom(streamSeed(seed, id)));
      const sample: PixelSample = { id, label, split, pixels, mask };
      if (marginSizePx !== null) sample.margin = render(drawing, marginSizePx, createRandom(streamSeed(seed, `${id} margin`)));
      samples.push(sample);
    }
  });
  return { name: 'Demo shapes', classNames: [...DEMO_CLASSES], sizePx, marginSizePx, samples };
}
