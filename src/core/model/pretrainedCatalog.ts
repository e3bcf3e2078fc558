// The standard ImageNet weights the studio offers to start from, as published in safetensors on the Hugging Face Hub.
import { StudioError } from '../errors';
import type { BackboneName } from './modelConfig';
import type { NamedTensor } from './safetensors';
import { readSafetensors } from './safetensors';

export interface PretrainedWeights {
  /** Also what config.pretrained holds when a run starts from them. */
  id: string;
  backbone: BackboneName;
  label: string;
  url: string;
  host: string;
  licence: string;
  /** The file's size as published, to say before downloading (the download shows the real one). */
  approxBytes: number;
  /** Tensors whose shapes tell this architecture at full width from others: checked before anything is stored. */
  signature: Record<string, number[]>;
}

const hub = (repo: string): string => `https://huggingface.co/${repo}/resolve/main/model.safetensors`;

/** timm's ImageNet-1k ResNets (recipe A1), which keep torchvision's tensor names. */
export const PRETRAINED_CATALOG: readonly PretrainedWeights[] = [
  { id: 'timm/resnet18.a1_in1k', backbone: 'resnet18', label: 'ResNet18, ImageNet-1k (timm)', url: hub('timm/resnet18.a1_in1k'), host: 'huggingface.co', licence: 'Apache-2.0', approxBytes: 46.8e6, signature: { 'conv1.weight': [64, 3, 7, 7], 'layer4.1.conv2.weight': [512, 512, 3, 3], 'fc.weight': [1000, 512] } },
  { id: 'timm/resnet34.a1_in1k', backbone: 'resnet34', label: 'ResNet34, ImageNet-1k (timm)', url: hub('timm/resnet34.a1_in1k'), host: 'huggingface.co', licence: 'Apache-2.0', approxBytes: 87.3e6, signature: { 'conv1.weight': [64, 3, 7, 7], 'layer3.5.conv2.weight': [256, 256, 3, 3], 'fc.weight': [1000, 512] } },
  { id: 'timm/resnet50.a1_in1k', backbone: 'resnet50', label: 'ResNet50, ImageNet-1k (timm)', url: hub('timm/resnet50.a1_in1k'), host: 'huggingface.co', licence: 'Apache-2.0', approxBytes: 102.5e6, signature: { 'conv1.weight': [64, 3, 7, 7], 'layer4.2.conv3.weight': [2048, 512, 1, 1], 'fc.weight': [1000, 2048] } },
];

export function pretrainedFor(backbone: BackboneName): PretrainedWeights | null {
  return PRETRAINED_CATALOG.find((w) => w.backbone === backbone) ?? null;
}

export function catalogEntry(id: string | null): PretrainedWeights | null {
  return PRETRAINED_CATALOG.find((w) => w.id === id) ?? null;
}

/** Throws, naming the tensor and both shapes, unless the file holds the architecture the entry names. */
export function checkPretrainedSignature(entry: PretrainedWeights, tensors: ReadonlyMap<string, NamedTensor>, file: string): void {
  for (const [name, shape] of Object.entries(entry.signature)) {
    const found = tensors.get(name);
    if (!found) throw new StudioError('bad-weights', `has no tensor ${name}: these are not ${entry.label} weights`, file);
    if (found.shape.join(',') !== shape.join(',')) {
      throw new StudioError('bad-weights', `tensor ${name} has shape [${found.shape.join(',')}], ${entry.label} has [${shape.join(',')}]`, file);
    }
  }
}

/**
 * Why a server's answer to a weights download cannot be a weights file (null when it may be one): the page's
 * download and the command line's `--pretrained URL` refuse the same answers in the same words.
 */
export function weightsAnswerProblem(answer: { status: number; statusText: string; contentType: string | null }, from: string): string | null {
  if (answer.status < 200 || answer.status > 299) return `${from} answered ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  if ((answer.contentType ?? '').includes('text/html')) return `${from} sent a web page, not a weights file (a login or error page?)`;
  return null;
}

/** Reads downloaded weights as safetensors and, for a catalog entry, as its architecture; throws naming the file. */
export function checkDownloadedWeights(buffer: ArrayBuffer, file: string, entry: PretrainedWeights | null): void {
  const tensors = readSafetensors(buffer, file);
  if (entry) checkPretrainedSignature(entry, tensors, file);
}
