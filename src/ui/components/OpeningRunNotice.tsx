import { useTrainingStore } from '../stores/trainingStore';

/** While a kept run opens on Explain (seconds): says so where its button was pressed; `fallback` until it starts. */
export function OpeningRunNotice({ fallback }: { fallback?: string }) {
  const opening = useTrainingStore((s) => s.openingRun) ?? fallback;
  if (!opening) return null;
  return (
    <p role="status" className="busy" data-testid="opening-run" aria-busy="true">
      <span className="spinner" aria-hidden="true" /> {opening}
    </p>
  );
}
