import type { GridText } from '../../core/experiments/experimentGrid';
import type { SharedSettings } from '../stores/experimentStore';
import { useExperimentStore } from '../stores/experimentStore';
import { useDatasetStore } from '../stores/datasetStore';

const GRID_FIELDS: Array<{ key: keyof GridText; label: string; hint: string }> = [
  { key: 'methods', label: 'Methods', hint: 'spn, baseline' },
  { key: 'backbones', label: 'Backbones', hint: 'resnet18, resnet34, resnet50' },
  { key: 'labelRatios', label: 'Label ratios', hint: 'fractions, e.g. 1,0.25' },
  { key: 'losses', label: 'Localization losses', hint: 'bce, l1, l2' },
  { key: 'seeds', label: 'Seeds', hint: 'e.g. 1,2,3' },
];

const SETTING_FIELDS: Array<{ key: keyof SharedSettings; label: string; step: number }> = [
  { key: 'width', label: 'Width multiplier', step: 0.0625 },
  { key: 'imageSizePx', label: 'Image size (px)', step: 32 },
  { key: 'epochs', label: 'Epochs', step: 1 },
  { key: 'batchSize', label: 'Batch size', step: 1 },
  { key: 'learningRate', label: 'Learning rate', step: 0.0001 },
  { key: 'lambda', label: 'λ (localization weight)', step: 0.1 },
];

/** The grid as comma lists (the same text the command line takes) and the settings all its runs share. */
export function ExperimentForm({ disabled, onPretrainedFile }: { disabled: boolean; onPretrainedFile: (file: File | null) => void }) {
  const { gridText, settings, datasetId } = useExperimentStore();
  const datasets = useDatasetStore((s) => s.datasets);
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
        {SETTING_FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <input
              type="number"
              step={f.step}
              min={0}
              value={settings[f.key]}
              onChange={(e) => Number.isFinite(Number(e.target.value)) && useExperimentStore.setState({ settings: { ...settings, [f.key]: Number(e.target.value) } })}
            />
          </label>
        ))}
        <label>
          Pretrained backbone (.safetensors, optional)
          <input type="file" accept=".safetensors" onChange={(e) => onPretrainedFile(e.target.files?.[0] ?? null)} />
        </label>
      </div>
    </fieldset>
  );
}
