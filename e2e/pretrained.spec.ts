import { join } from 'node:path';

import { expect, test } from './fixtures/studio';

const RESNET18 = join(process.cwd(), '..', 'shared', 'fixtures', 'torchvision-resnet', 'resnet18.safetensors');

test('pretrained weights that do not fit the chosen width are refused with the tensor and both shapes named', async ({ studio, page }) => {
  await studio.loadDemoDataset();
  await studio.openTrainWithQuickPreset(2);
  await page.getByLabel('Pretrained backbone (torchvision/timm .safetensors)').setInputFiles(RESNET18);
  await page.getByRole('button', { name: 'Start training' }).click();
  const phase = page.getByTestId('training-phase');
  await expect(phase).toHaveAttribute('data-phase', 'failed');
  await expect(phase).toContainText('resnet18.safetensors: tensor conv1.weight has shape [64,3,7,7], the model needs [4,3,7,7]');
});
