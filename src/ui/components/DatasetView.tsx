import { useEffect, useMemo, useState } from 'react';

import { LAYOUT_NAMES } from './ImportReview';
import type { DatasetMeta } from '../../browser/datasetDb';
import { showDatasetSamples, useDatasetStore } from '../stores/datasetStore';
import { Thumbnail } from './Thumbnail';
import { VirtualGrid } from './VirtualGrid';

/** Per-class counts and a thumbnail grid with mask outlines, filtered by class and by has-mask. */
export function DatasetView({ meta }: { meta: DatasetMeta }) {
  const viewed = useDatasetStore((s) => s.viewed);
  const samples = useMemo(() => (viewed?.id === meta.id ? viewed.samples : []), [viewed, meta.id]);
  const [classFilter, setClassFilter] = useState('all');
  const [maskFilter, setMaskFilter] = useState<'all' | 'with' | 'without'>('all');
  useEffect(() => {
    void showDatasetSamples(meta.id);
  }, [meta.id]);
  const filtered = useMemo(
    () =>
      samples.filter(
        (s) => (classFilter === 'all' || s.className === classFilter) && (maskFilter === 'all' || (maskFilter === 'with') === s.masks.length > 0),
      ),
    [samples, classFilter, maskFilter],
  );
  return (
    <section className="card" aria-label={`Dataset ${meta.name}`}>
      <h3>{meta.name}</h3>
      <p className="muted">
        Layout: <strong data-testid="dataset-layout" data-layout={meta.layout}>{LAYOUT_NAMES[meta.layout] ?? meta.layout}</strong>
        {meta.hasPredefinedSplit ? ' · predefined train/val/test split, kept as given' : ' · split 80/10/10 by class when training'}
      </p>
      <table aria-label="Images per class">
        <thead>
          <tr>
            <th>Class</th>
            <th>Images</th>
            <th>With mask</th>
          </tr>
        </thead>
        <tbody>
          {meta.perClass.map((c) => (
            <tr key={c.className}>
              <td>{c.className}</td>
              <td>{c.images}</td>
              <td>{c.masked}</td>
            </tr>
          ))}
          <tr>
            <td>
              <strong>Total</strong>
            </td>
            <td data-testid="total-images">{meta.imageCount}</td>
            <td data-testid="total-masks">{meta.maskedCount}</td>
          </tr>
        </tbody>
      </table>
      <div className="row" style={{ margin: '0.8rem 0' }}>
        <label>
          Class{' '}
          <select value={classFilter} onChange={(e) => setClassFilter(e.target.value)}>
            <option value="all">all</option>
            {meta.classNames.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Masks{' '}
          <select value={maskFilter} onChange={(e) => setMaskFilter(e.target.value as typeof maskFilter)}>
            <option value="all">all images</option>
            <option value="with">with a mask</option>
            <option value="without">without a mask</option>
          </select>
        </label>
        <span className="muted" data-testid="thumbnail-count">
          {filtered.length} image(s)
        </span>
      </div>
      <VirtualGrid
        items={filtered}
        cellWidthPx={112}
        cellHeightPx={140}
        heightPx={560}
        itemKey={(s) => s.id}
        label="Thumbnails"
        testId="thumbnails"
        renderItem={(s) => <Thumbnail image={s.image} masks={s.masks} label={`${s.className}: ${s.id.split('/').pop()}${s.masks.length ? '' : ' (no mask)'}`} />}
      />
    </section>
  );
}
