import type { StudioJson } from './bundleSchema';
import { describeSchedule } from '../train/learningRateSchedule';
import { formatPercent } from '../format';

/** The bundle's README.md: what the model is, what it was trained on, how well it did, and what it is not for. */
export function modelCard(studio: StudioJson): string {
  const isSpn = studio.spn !== null;
  const lines = [
    `# ${studio.name}`,
    '',
    `A ${studio.backbone} image classifier (width ×${studio.width}, ${studio.inputSizePx} px input)${isSpn ? ' trained with a saliency prediction network (SPN) that predicts the object mask' : ' trained as a plain baseline (no SPN)'}, exported by Saliency Studio on ${studio.createdAt}.`,
    '',
    `Classes (${studio.classNames.length}): ${studio.classNames.join(', ')}.`,
    '',
    '## Data',
  ];
  if (studio.dataset) {
    const d = studio.dataset;
    lines.push(`Dataset "${d.name}": ${d.images} images, ${d.masks} with an object mask.`);
    lines.push(`Per class: ${Object.entries(d.classCounts).map(([name, n]) => `${name} ${n}`).join(', ')}.`);
    if (d.split) lines.push(`Split: ${d.split.train} train (${d.split.maskedTrain} with masks used for the SPN), ${d.split.val} validation, ${d.split.test} test.`);
  } else {
    lines.push('Not recorded.');
  }
  const c = studio.trainConfig;
  lines.push('', '## Training', `Method ${String(c['method'])}, ${String(c['epochs'])} epochs, batch ${String(c['batchSize'])}, learning rate ${String(c['learningRate'])} (${describeSchedule(c.schedule)}), localization loss ${String(c['loss'])} with λ ${String(c['lambda'])}, label ratio ${String(c['labelRatio'])}, seed ${String(c['seed'])}, pretrained backbone: ${String(c['pretrained'] ?? 'none')}.`);
  lines.push('', '## Test metrics');
  if (studio.test) {
    const t = studio.test;
    lines.push('| Accuracy | Precision | Sensitivity | Specificity | F1 |', '|---|---|---|---|---|', `| ${formatPercent(t.accuracy)} | ${formatPercent(t.precision)} | ${formatPercent(t.sensitivity)} | ${formatPercent(t.specificity)} | ${formatPercent(t.f1)} |`);
  } else {
    lines.push('Not recorded.');
  }
  if (studio.saliency) {
    const s = studio.saliency;
    lines.push('', `Saliency on ${s.maskedTestImages} test images with a mask: Grad-CAM energy inside the object ${formatPercent(s.camEnergyInMask)}, pointing game ${formatPercent(s.camPointingGame)}${isSpn ? `, SPN IoU ${formatPercent(s.spnIoU)}, Dice ${formatPercent(s.spnDice)}` : ''}.`);
  }
  lines.push(
    '',
    '## Files',
    '- `studio.json`: classes, input size, normalization, backbone, SPN and training config, metrics.',
    '- `model.json` + `weights.bin`: the whole model in TensorFlow.js layers format; outputs class logits' + (isSpn ? ' and SPN mask logits.' : '.'),
    '- `model.safetensors`: the backbone with torchvision names (`conv1.weight`, `layer1.0.bn1.running_mean`, …), OIHW.',
    '',
    '## Intended use and limits',
    `Trained on a small dataset${studio.dataset ? ` ("${studio.dataset.name}")` : ''} for teaching and research on explainable classification. It only knows the classes above and has seen only images like its training data; its metrics come from a small test split and carry wide uncertainty. Images are resized to ${studio.inputSizePx} px squares. It is not a medical device and must not be used for diagnosis or any decision about a person.`,
    '',
  );
  return lines.join('\n');
}
