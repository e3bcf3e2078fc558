import { useState } from 'react';

import type { ImportDraft } from '../../browser/importDataset';
import { discardDraft, saveReviewedDraft } from '../stores/datasetStore';
import { ProblemList } from './ProblemList';

export const LAYOUT_NAMES: Record<string, string> = {
  'images-masks': 'images/<class>/ with masks/',
  'images-masks-none': 'images/<class>/ (no masks/ folder found)',
  cub: 'CUB: images/<class>/ with segmentations/',
  busi: 'BUSI: <class>/<name>.png with <name>_mask.png',
  csv: 'CSV manifest (image, label, mask)',
  demo: 'the studio’s demo shapes',
};

/** What an import found, before anything is stored: layout, pairing, class names (editable) and problems. */
export function ImportReview({ draft }: { draft: ImportDraft }) {
  const [name, setName] = useState(draft.name);
  const [renames, setRenames] = useState<Record<string, string>>({});
  const [isSaving, setSaving] = useState(false);
  const classes = [...new Set(draft.samples.map((s) => s.className))].sort((a, b) => a.localeCompare(b));
  const withMasks = draft.samples.filter((s) => s.masks.length > 0).length;
  const multiMask = draft.samples.filter((s) => s.masks.length > 1).length;
  return (
    <section className="card" aria-label="Review the import" data-testid="import-review">
      <h3>Review before saving</h3>
      <p>
        Detected layout: <strong data-testid="review-layout">{LAYOUT_NAMES[draft.parsed.layout === 'images-masks' && withMasks === 0 ? 'images-masks-none' : draft.parsed.layout] ?? draft.parsed.layout}</strong>
        {draft.parsed.hasPredefinedSplit && ', with a predefined train/val/test split'}. {draft.samples.length} images, {withMasks} paired with a mask
        {multiMask > 0 && ` (${multiMask} with several masks, merged)`}, {draft.problems.length === 0 ? 'no file left out.' : `${draft.problems.length} file${draft.problems.length === 1 ? '' : 's'} left out (listed below).`}
      </p>
      <label>
        Dataset name <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <table aria-label="Classes found">
        <thead>
          <tr>
            <th>Folder</th>
            <th>Class name</th>
            <th>Images</th>
            <th>With mask</th>
          </tr>
        </thead>
        <tbody>
          {classes.map((c) => (
            <tr key={c}>
              <td>{c}</td>
              <td>
                <input aria-label={`Class name for ${c}`} value={renames[c] ?? c} onChange={(e) => setRenames({ ...renames, [c]: e.target.value })} />
              </td>
              <td>{draft.samples.filter((s) => s.className === c).length}</td>
              <td>{draft.samples.filter((s) => s.className === c && s.masks.length > 0).length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ProblemList problems={draft.problems} />
      <div className="row" style={{ marginTop: '0.6rem' }}>
        <button
          disabled={isSaving}
          onClick={() => {
            setSaving(true);
            void saveReviewedDraft(name, renames).finally(() => setSaving(false));
          }}
        >
          Save dataset
        </button>
        <button className="secondary" disabled={isSaving} onClick={discardDraft}>
          Discard
        </button>
      </div>
    </section>
  );
}
