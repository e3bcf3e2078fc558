import { formatDuration } from '../../core/format';
import { costKey } from '../../core/train/chooseFasterBackend';
import type { TrainConfig } from '../../core/train/trainConfig';
import { useBackendStore } from '../stores/backendStore';
import { useDatasetStore } from '../stores/datasetStore';


/** How long the form's run takes on this backend, from this browser's own speed check of the same configuration. */
export function RunTimeEstimate({ config }: { config: TrainConfig }) {
  const backend = useBackendStore((s) => s.status?.backend ?? null);
  const benchmarks = useBackendStore((s) => s.benchmarks);
  const dataset = useDatasetStore((s) => s.datasets.find((d) => d.id === s.selectedId) ?? null);
  if (!backend) return null;
  const measured = [...benchmarks].reverse().find((b) => b.backend === backend && b.config && costKey(b.config) === costKey(config));
  if (!measured || !dataset) {
    return (
      <p className="muted" data-testid="run-estimate">
        How long this run takes on {backend}: press “Measure training speed” below to time this configuration in this browser.
      </p>
    );
  }
  // The training split's own count (records stored before it was kept: 80 %, the default split); validation adds roughly a sixth.
  const trainImages = dataset.splitCounts?.train ?? Math.round(dataset.imageCount * 0.8);
  const seconds = (config.epochs * trainImages * 1.15) / measured.imagesPerSecond;
  return (
    <p className="muted" data-testid="run-estimate">
      This run on {backend}: about {formatDuration(seconds)} for {config.epochs} epochs of {trainImages} training images (measured here at {measured.imagesPerSecond.toFixed(1)} images/s).
    </p>
  );
}
