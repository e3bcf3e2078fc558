import type { GridText } from '../../core/experiments/experimentGrid';
import { ScheduleFields } from './ScheduleFields';
import { FNET_STAGES, STAGE_STRIDE } from '../../core/model/resnet';
import type { FnetStage } from '../../core/model/resnet';
import type { NormalizationName } from '../../core/model/normalizeImages';
import { NORMALIZATIONS, normalizationName } from '../../core/model/normalizeImages';
import { useDatasetStore } from '../stores/datasetStore';
import type { SharedSettings } from '../stores/experimentStore';
import { useExperimentStore } from '../stores/experimentStore';

const GRID_FIELDS: Array<{ key: keyof GridText; label: string; hint: string }> = [
  { key: 'methods', label: 'Methods', hint: 'spn, baseline, guided' },
  { key: 'backbones', label: 'Backbones', hint: 'resnet18, resnet34, resnet50' },
  { key: 'labelRatios', label: 'Label ratios', hint: 'fractions, e.g. 1,0.25' },
  { key: 'losses', label: 'Localization losses', hint: 'bce, l1, l2' },
  { key: 'seeds', label: 'Seeds', hint: 'e.g. 1,2,3' },
];

type NumberSetting = 'width' | 'imageSizePx' | 'epochs' | 'batchSize' | 'learningRate' | 'lambda';
const NUMBER_FIELDS: Array<{ key: NumberSetting; label: string; step: number }> = [
  { key: 'width', label: 'Width multiplier', step: 0.0625 },
  { key: 'imageSizePx', label: 'Image size (px)', step: 32 },
  { key: 'epochs', label: 'Epochs', step: 1 },
  { key: 'batchSize', label: 'Batch size', step: 1 },
  { key: 'learningRate', label: 'Learning rate', step: 0.0001 },
  { key: 'lambda', label: 'λ (localization weight)', step: 0.1 },
];

const set = (patch: Partial<SharedSettings>): void => useExperimentStore.setState((s) => ({ settings: { ...s.settings, ...patch } }));

/** The grid as comma lists (the same text the command line takes) and the settings all its runs share. */
export function ExperimentForm({ disabled, onPretrainedFile }: { disabled: boolean; onPretrainedFile: (file: File | null) => void }) {
  const { gridText, settings, datasetId } = useExperimentStore();
  const datasets = useDatasetStore((s) => s.datasets);
  const mapSide = Math.floor(settings.imageSizePx / STAGE_STRIDE[settings.saliency.stage]);
  return (
    <fieldset className="card" disabled={disabled}>
      <legend>Grid (comma lists: every combination runs once per seed)</legend>
      <div className="form-grid">
        <label>
          Dataset
          <select value={datasetId ?? ''} onChange={(e) => useExperimentStore.setState({ datasetId: e.target.value || null })}>
            <option value="">choose…</option>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.imageCount} images)
              </option>
            ))}
          </select>
        </label>
        {GRID_FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <input value={gridText[f.key]} placeholder={f.hint} title={f.hint} onChange={(e) => useExperimentStore.setState({ gridText: { ...gridText, [f.key]: e.target.value } })} />
          </label>
        ))}
        {NUMBER_FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <input type="number" step={f.step} min={0} value={settings[f.key]} onChange={(e) => Number.isFinite(Number(e.target.value)) && set({ [f.key]: Number(e.target.value) })} />
          </label>
        ))}
        <ScheduleFields schedule={settings.schedule} onChange={(schedule) => set({ schedule })} />
        <label>
          SPN blocks
          <select value={settings.spnBlocks} onChange={(e) => set({ spnBlocks: e.target.value === '3' ? 3 : 4 })}>
            <option value={4}>4 (C → C/4 → C/16 → 16 → 16)</option>
            <option value={3}>3 (C → C/8 → C/64 → 16)</option>
          </select>
        </label>
        <label>
          Augmentation
          <select value={settings.augment ? 'on' : 'off'} onChange={(e) => set({ augment: e.target.value === 'on' })}>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </label>
        <label title="How pixels are scaled before the F-Net: ImageNet's mean and std (what pretrained weights expect) or [−1, 1] (what the PyTorch reference uses from scratch)">
          Normalization
          <select value={normalizationName(settings.normalization) ?? 'imagenet'} onChange={(e) => set({ normalization: NORMALIZATIONS[e.target.value as NormalizationName] })}>
            <option value="imagenet">ImageNet mean and std</option>
            <option value="symmetric">[−1, 1]</option>
          </select>
        </label>
        <label title="The F-Net stage Grad-CAM reads; earlier stages give finer maps">
          Grad-CAM stage
          <select value={settings.saliency.stage} onChange={(e) => set({ saliency: { ...settings.saliency, stage: e.target.value as FnetStage } })}>
            {FNET_STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {stage} ({Math.floor(settings.imageSizePx / STAGE_STRIDE[stage])}×{Math.floor(settings.imageSizePx / STAGE_STRIDE[stage])} map)
              </option>
            ))}
          </select>
        </label>
        <label title="For the guided method: the weight of the loss on activation outside the object (0: background swap only)">
          Guided: attention weight
          <input type="number" step={0.1} min={0} value={settings.guidance.attentionWeight} onChange={(e) => Number.isFinite(Number(e.target.value)) && set({ guidance: { ...settings.guidance, attentionWeight: Number(e.target.value) } })} />
        </label>
        <label>
          Pretrained backbone (.safetensors, optional)
          <input type="file" accept=".safetensors" onChange={(e) => onPretrainedFile(e.target.files?.[0] ?? null)} />
        </label>
      </div>
      {mapSide < 2 && <p className="warning">Grad-CAM on {settings.saliency.stage} at {settings.imageSizePx} px is a {mapSide}×{mapSide} map: it cannot point anywhere. Choose an earlier stage or a larger image.</p>}
    </fieldset>
  );
}
