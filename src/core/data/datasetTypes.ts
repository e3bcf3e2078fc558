export type SplitName = 'train' | 'val' | 'test';

/** One image of a dataset as imported: where it came from, its class, its mask(s) and a predefined split if any. */
export interface DatasetEntry {
  /** Unique within the dataset: the image path relative to the dataset root. */
  id: string;
  imagePath: string;
  /** Several masks of one image are merged by union. */
  maskPaths: string[];
  className: string;
  split: SplitName | null;
}

export interface ImportProblem {
  file: string;
  reason: string;
}

export type DatasetLayout = 'images-masks' | 'cub' | 'busi' | 'csv' | 'demo';

export interface ParsedDataset {
  layout: DatasetLayout;
  hasPredefinedSplit: boolean;
  classNames: string[];
  entries: DatasetEntry[];
  problems: ImportProblem[];
}

/** A decoded sample at training size: RGB pixels and an optional binary mask (1 = object). */
export interface PixelSample {
  id: string;
  label: number;
  split: SplitName | null;
  /** sizePx × sizePx × 3, row-major RGB. */
  pixels: Uint8Array;
  /** sizePx × sizePx in {0, 1}, or null when the image has no mask. */
  mask: Uint8Array | null;
  /** The image file's own width and height (it is stretched to the square): augmentation rotates in these pixels. */
  sourceSize?: { width: number; height: number } | undefined;
  /** The same image and mask decoded at the dataset's marginSizePx, so an augmentation crop is not an upsampling. */
  margin?: { pixels: Uint8Array; mask: Uint8Array | null } | undefined;
}

export interface PixelDataset {
  name: string;
  classNames: string[];
  sizePx: number;
  /** The side of every sample's `margin` images, or null when the dataset was decoded at sizePx only. */
  marginSizePx: number | null;
  samples: PixelSample[];
}

/** The side at which training images are decoded for augmentation: a crop of 3/4 of a side still has sizePx pixels. */
export function marginSizeOf(sizePx: number): number {
  return Math.ceil((sizePx * 4) / 3);
}
