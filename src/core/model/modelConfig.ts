/** What a studio model is made of; recorded in every run and bundle. */
export type BackboneName = 'resnet18' | 'resnet34' | 'resnet50';

/**
 * The SPN's blocks and design: 'report' (the default) is the report's decoder with half-pixel upsampling; 'v1' is the
 * integer-factor decoder of format-1 bundles, kept only to open them as they were trained.
 */
export interface SpnConfig {
  blocks: 3 | 4;
  design?: 'report' | 'v1';
}

export interface ModelConfig {
  backbone: BackboneName;
  /** Channel multiplier of the backbone and SPN (1 = torchvision's widths). */
  width: number;
  imageSizePx: number;
  classCount: number;
  /** Null for the baseline (F-Net + C-Net only). */
  spn: SpnConfig | null;
}

export const BLOCKS_PER_STAGE: Record<BackboneName, readonly [number, number, number, number]> = {
  resnet18: [2, 2, 2, 2],
  resnet34: [3, 4, 6, 3],
  resnet50: [3, 4, 6, 3],
};

/** The backbone's total stride: a 224 px input gives a 7×7 feature map. */
export const BACKBONE_STRIDE = 32;

export function scaledChannels(channels: number, width: number): number {
  return Math.max(1, Math.round(channels * width));
}

/** Channels of the feature map (512 for ResNet18/34, 2048 for ResNet50 at width 1). */
export function featureChannels(backbone: BackboneName, width: number): number {
  return scaledChannels(512, width) * (backbone === 'resnet50' ? 4 : 1);
}
