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
  const error = page.getByTestId('training-error');
  await expect(error).toContainText('resnet18.safetensors: tensor conv1.weight has shape [64,3,7,7], the model needs [8,3,7,7]');
  // A bad file is the user's to fix: the notice says so by its code, and offers no pointless retry.
  await expect(error).toHaveAttribute('data-code', 'bad-weights');
  await expect(error).toContainText('These weights do not fit the model');
});
