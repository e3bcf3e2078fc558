import { StudioError } from '../errors';
import type { StudioModel } from './buildModel';

/**
 * Fine-tuning start: copies the F-Net (and, when asked, the SPN) from a trained model into a new one. The C-Net is
 * left fresh because the new dataset's classes differ. Image size may differ; backbone and width may not.
 */
export function transferWeights(from: StudioModel, to: StudioModel, options: { spn: boolean }): void {
  const a = from.config;
  const b = to.config;
  if (a.backbone !== b.backbone || a.width !== b.width) {
    throw new StudioError('bad-config', `the starting model is ${a.backbone} at width ${a.width}; this run needs ${b.backbone} at width ${b.width}: choose the same backbone and width to fine-tune`);
  }
  if (options.spn && (!from.spn || !to.spn || a.spn?.blocks !== b.spn?.blocks)) {
    throw new StudioError('bad-config', from.spn ? `the SPN has ${a.spn?.blocks} blocks there and ${b.spn?.blocks ?? 'none'} here` : 'the starting model is a baseline with no SPN to carry over');
  }
  if (options.spn && (a.spn?.design ?? 'report') !== (b.spn?.design ?? 'report')) {
    throw new StudioError('bad-config', 'the starting model’s SPN is the format-1 design (upsampling without half-pixel centres), which this studio no longer trains: fine-tune without carrying its SPN over');
  }
  to.fnet.setWeights(from.fnet.getWeights());
  if (options.spn && from.spn && to.spn) to.spn.setWeights(from.spn.getWeights());
}
