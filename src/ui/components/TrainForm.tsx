import { memo } from 'react';
import { saliencyMapSidePx } from '../../core/explain/saliencyMethods';
import type { BackboneName } from '../../core/model/modelConfig';
import type { FnetStage } from '../../core/model/resnet';
import { FNET_STAGES } from '../../core/model/resnet';
import type { LocalizationLossKind } from '../../core/train/losses';
import type { Method } from '../../core/train/trainConfig';
import { REPORT_CONFIG } from '../../core/train/trainConfig';
import { useModelsStore } from '../stores/modelsStore';
import { PretrainedOffer } from './PretrainedOffer';
import { ScheduleFields } from './ScheduleFields';
import { RunTimeEstimate } from './RunTimeEstimate';
import { updateConfig, applyClassroomPreset, applyReportPretrainedPreset, useTrainFormStore } from '../stores/trainFormStore';

const WIDTHS = [1, 0.5, 0.25, 0.125, 0.0625];
const SIZES = [32, 64, 96, 128, 160, 224];

interface FieldsProps {
  onPretrainedFile: (file: File | null) => void;
  problems?: Array<{ field: string; message: string }>;
}

/** The run configuration, with a quick preset for slow machines and the report's settings; `problems` are the schema's. */
function TrainFormView({ disabled, ...fields }: FieldsProps & { disabled: boolean }) {
  return (
    <fieldset className="card" disabled={disabled}>
      <TrainFormFields {...fields} />
    </fieldset>
  );
}

/**
 * Memoized apart from the fieldset: a run's start and end flip `disabled`, and the whole form rendering again then
 * took 10-20 ms of the page's thread while the worker held every core.
 */
const TrainFormFields = memo(function TrainFormFields({ onPretrainedFile, problems = [] }: FieldsProps) {
  const config = useTrainFormStore((s) => s.config);
  const bundles = useModelsStore((s) => s.bundles);
  const number = (key: 'epochs' | 'batchSize' | 'learningRate' | 'lambda' | 'labelRatio' | 'seed') => ({
    value: config[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      const value = Number(e.target.value);
      if (Number.isFinite(value)) updateConfig({ [key]: value });
    },
  });
  return (
    <>
      <legend>Run configuration</legend>
      <div className="row" style={{ marginBottom: '0.6rem' }}>
        <button type="button" className="secondary" onClick={() => void applyClassroomPreset(config.pretrained)}>
          Classroom demo preset (small, runs anywhere)
        </button>
        <button type="button" className="secondary" onClick={() => updateConfig({ ...REPORT_CONFIG, pretrained: config.pretrained })}>
          Report preset: ResNet18, 224 px, 40 epochs (needs a GPU)
        </button>
        <button type="button" className="secondary" onClick={applyReportPretrainedPreset}>
          Report preset, pretrained: the same from ImageNet weights
        </button>
      </div>
      <RunTimeEstimate config={config} />
      {problems.length > 0 && (
        <ul className="error-notice problems" role="alert" data-testid="config-problems">
          {problems.map((p) => (
            <li key={p.field}>
              {p.field}: {p.message}
            </li>
          ))}
        </ul>
      )}
      <div className="form-grid">
        <label>
          Method
          <select value={config.method} onChange={(e) => updateConfig({ method: e.target.value as Method })}>
            <option value="spn">SPN (classifier + saliency net)</option>
            <option value="guided" title="SPN, backgrounds swapped using the masks, attention kept on the object">Mask-guided (SPN + attention on object)</option>
            <option value="baseline">Baseline (classifier only)</option>
          </select>
        </label>
        <label>
          Backbone
          <select value={config.backbone} onChange={(e) => updateConfig({ backbone: e.target.value as BackboneName })}>
            <option value="resnet18">ResNet18</option>
            <option value="resnet34">ResNet34</option>
            <option value="resnet50">ResNet50</option>
          </select>
        </label>
        <label>
          Width multiplier
          <select value={config.width} onChange={(e) => updateConfig({ width: Number(e.target.value) })}>
            {WIDTHS.map((w) => (
              <option key={w} value={w}>
                {w === 1 ? '1 (full)' : `1/${1 / w}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Image size (px)
          <select value={config.imageSizePx} onChange={(e) => updateConfig({ imageSizePx: Number(e.target.value) })}>
            {SIZES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Epochs
          <input type="number" min={1} max={500} {...number('epochs')} />
        </label>
        <label>
          Batch size
          <input type="number" min={1} max={256} {...number('batchSize')} />
        </label>
        <label>
          Learning rate (Adam)
          <input type="number" min={0} step="any" {...number('learningRate')} />
        </label>
        <ScheduleFields schedule={config.schedule} onChange={(schedule) => updateConfig({ schedule })} />
        <label>
          Localization loss
          <select value={config.loss} onChange={(e) => updateConfig({ loss: e.target.value as LocalizationLossKind })} disabled={config.method === 'baseline'}>
            <option value="bce">Cross-entropy (BCE)</option>
            <option value="l1">L1</option>
            <option value="l2">L2</option>
          </select>
        </label>
        <label>
          λ (localization weight)
          <input type="number" min={0} step="any" {...number('lambda')} disabled={config.method === 'baseline'} />
        </label>
        <label>
          Localization label ratio
          <input type="number" min={0} max={1} step={0.05} {...number('labelRatio')} disabled={config.method === 'baseline'} />
        </label>
        <label>
          Seed (split, masks, shuffling)
          <input type="number" min={0} step={1} {...number('seed')} />
        </label>
        <label>
          Pretrained backbone (torchvision/timm .safetensors)
          <input
            type="file"
            accept=".safetensors"
            onChange={(e) => {
              const file = e.target.files?.[0] ?? null;
              onPretrainedFile(file);
              updateConfig({ pretrained: file?.name ?? null });
            }}
          />
        </label>
        <label>
          Start from a saved model (fine-tune)
          <select
            value={config.startFrom?.bundleId ?? ''}
            onChange={(e) => {
              const bundle = bundles.find((b) => b.id === e.target.value);
              updateConfig(
                bundle
                  ? { startFrom: { bundleId: bundle.id, bundleName: bundle.studio.name, spn: bundle.studio.spn !== null && config.method === 'spn' }, backbone: bundle.studio.backbone, width: bundle.studio.width }
                  : { startFrom: null },
              );
            }}
          >
            <option value="">none (random or pretrained)</option>
            {bundles.map((b) => (
              <option key={b.id} value={b.id}>
                {b.studio.name} ({b.studio.backbone} ×{b.studio.width})
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <span>
            <input
              type="checkbox"
              checked={config.startFrom?.spn ?? false}
              disabled={!config.startFrom || config.method === 'baseline' || bundles.find((b) => b.id === config.startFrom?.bundleId)?.studio.spn === null}
              onChange={(e) => config.startFrom && updateConfig({ startFrom: { ...config.startFrom, spn: e.target.checked } })}
            />{' '}
            also carry over its SPN
          </span>
        </label>
        <label title="The F-Net stage Grad-CAM reads; earlier stages give finer maps">
          Grad-CAM stage
          <select value={config.saliency.stage} onChange={(e) => updateConfig({ saliency: { ...config.saliency, stage: e.target.value as FnetStage } })}>
            {FNET_STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {stage} ({saliencyMapSidePx(config.imageSizePx, stage)}×{saliencyMapSidePx(config.imageSizePx, stage)})
              </option>
            ))}
          </select>
        </label>
        <label>
          SPN blocks
          <select value={config.spnBlocks} onChange={(e) => updateConfig({ spnBlocks: e.target.value === '3' ? 3 : 4 })} disabled={config.method === 'baseline'}>
            <option value={4}>4</option>
            <option value={3}>3</option>
          </select>
        </label>
        <label>
          Augmentation
          <select value={config.augment ? 'on' : 'off'} onChange={(e) => updateConfig({ augment: e.target.value === 'on' })}>
            <option value="on">on (crop, flips, rotation, colour)</option>
            <option value="off">off</option>
          </select>
        </label>
      </div>
      <PretrainedOffer config={config} onUse={() => onPretrainedFile(null)} />
    </>
  );
});

/** Memoized: the Train page re-renders on every burst of training steps, and this part does not change with them. */
export const TrainForm = memo(TrainFormView);
