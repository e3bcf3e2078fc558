import { join } from 'node:path';

import { expect, test } from './fixtures/studio';

const RESNET18 = join(process.cwd(), '..', 'shared', 'fixtures', 'torchvision-resnet', 'resnet18.safetensors');

test('pretrained weights that do not fit the chosen width are refused with the tensor and both shapes named', async ({ studio, page }) => {
  await studio.open('#/data');
  await page.getByRole('button', { name: 'Load demo dataset' }).click();
  await expect(page.getByTestId('total-images')).toHaveText('90');
  await studio.goTo('Train');
  await studio.waitForBackend();
  await page.getByRole('button', { name: /Quick preset/ }).click();
  await page.getByLabel('Pretrained backbone (torchvision/timm .safetensors)').setInputFiles(RESNET18);
  await page.getByRole('button', { name: 'Start training' }).click();
  const phase = page.getByTestId('training-phase');
  await expect(phase).toHaveAttribute('data-phase', 'failed');
  await expect(phase).toContainText('resnet18.safetensors: tensor conv1.weight has shape [64,3,7,7], the model needs [8,3,7,7]');
});
