import { useEffect, useState } from 'react';

import { formatBytes } from '../../core/format';
import type { PathedFile } from '../../browser/walkDroppedFiles';
import { takeInputFiles, pickDirectory } from '../../browser/walkDroppedFiles';
import { DropZone } from '../components/DropZone';
import { ProjectFile } from '../components/ProjectFile';
import { DatasetView } from '../components/DatasetView';
import { EmptyState } from '../components/EmptyState';
import { ImportReview } from '../components/ImportReview';
import { ProblemList } from '../components/ProblemList';
import type { DemoPreset } from '../../core/data/demoDataset';
import { cancelImport, DEFAULT_DEMO, importDroppedFiles, loadDemo, refreshDatasets, removeDataset, renameSelected, selectDataset, useDatasetStore } from '../stores/datasetStore';
import { CameraCapture } from '../components/CameraCapture';
import { ConfirmButton } from '../components/ConfirmButton';


export function DataPage() {
  const { datasets, selectedId, importing, lastImport, storage, isLoaded, draft } = useDatasetStore();
  const [shortcut, setShortcut] = useState(DEFAULT_DEMO.shortcutStrength);
  const [preset, setPreset] = useState<DemoPreset>(DEFAULT_DEMO.preset);
  useEffect(() => {
    void refreshDatasets();
  }, []);
  const selected = datasets.find((d) => d.id === selectedId) ?? null;
  const start = (files: PathedFile[]): void => void importDroppedFiles(files);

  return (
    <>
      <h2 id="page-title">Data</h2>
      <DropZone onFiles={start} testId="drop-zone">
        <p>
          Drop a dataset folder here: <code>images/&lt;class&gt;/</code> with <code>masks/</code>, CUB's <code>segmentations/</code>,
          BUSI's <code>&lt;name&gt;_mask.png</code>, optionally under <code>train/ val/ test/</code>, a CSV manifest, or a .zip of any of these.
          Masks are optional, for some images or all.
        </p>
        <div className="row" style={{ justifyContent: 'center' }}>
          <label>
            Choose a folder:{' '}
            <input
              type="file"
              aria-label="Choose a dataset folder"
              webkitdirectory=""
              multiple
              onChange={(e) => start(takeInputFiles(e.target))}
            />
          </label>
          {'showDirectoryPicker' in window && (
            <button className="secondary" disabled={importing !== null} onClick={() => void pickDirectory().then((files) => files && start(files))}>
              Open folder…
            </button>
          )}
          <label>
            or a .zip:{' '}
            <input type="file" accept=".zip,application/zip" aria-label="Choose a dataset zip" onChange={(e) => start(takeInputFiles(e.target))} />
          </label>
          <label>
            Demo size{' '}
            <select value={preset} onChange={(e) => setPreset(e.target.value === 'small' ? 'small' : 'classroom')}>
              <option value="classroom">classroom: 375 images (125 per shape)</option>
              <option value="small">small: 90 images</option>
            </select>
          </label>
          <label title="In train and validation, the share of images on their class's own background; test backgrounds are random">
            Background shortcut{' '}
            <input type="range" min={0} max={1} step={0.05} value={shortcut} onChange={(e) => setShortcut(Number(e.target.value))} aria-valuetext={`${Math.round(shortcut * 100)} %`} />{' '}
            {Math.round(shortcut * 100)} %
          </label>
          <button onClick={() => void loadDemo({ ...DEFAULT_DEMO, preset, shortcutStrength: shortcut })} disabled={importing !== null}>
            Load demo dataset
          </button>
        </div>
      </DropZone>
      <CameraCapture />

      {importing && (
        <div className="card" role="status" aria-live="polite">
          <p>
            {importing.label}: {importing.done} of {importing.total}
          </p>
          <progress value={importing.done} max={Math.max(1, importing.total)} />
          <button className="secondary" onClick={cancelImport}>
            Cancel import
          </button>
        </div>
      )}

      {draft && <ImportReview key={draft.name} draft={draft} />}

      {lastImport && (
        <div className="card" data-testid="import-report" role="status">
          <p>
            {lastImport.stored ? `Imported ${lastImport.name}.` : `${lastImport.name} was not imported.`}{' '}
            {lastImport.problems.length ? `${lastImport.problems.length} file(s) need attention:` : 'No problems.'}
          </p>
          <ProblemList problems={lastImport.problems} />
        </div>
      )}

      {isLoaded && datasets.length === 0 && !importing && !draft && (
        <EmptyState title="No datasets yet">
          <p>Drop a folder above, choose one, or load the demo dataset (shapes on textured backgrounds, with exact masks) to try the studio in a minute.</p>
        </EmptyState>
      )}

      {datasets.length > 0 && (
        <section className="card" aria-label="Stored datasets">
          <h3>Stored datasets</h3>
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Classes</th>
                <th>Images</th>
                <th>Masks</th>
                <th>Size</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.id} aria-selected={d.id === selectedId}>
                  <td>
                    <button className="link" onClick={() => selectDataset(d.id)} aria-pressed={d.id === selectedId}>
                      {d.name}
                    </button>
                  </td>
                  <td>{d.classNames.length}</td>
                  <td>{d.imageCount}</td>
                  <td>{d.maskedCount}</td>
                  <td>{formatBytes(d.bytes)}</td>
                  <td>
                    <button
                      className="secondary"
                      onClick={() => {
                        const name = window.prompt('New name for this dataset', d.name);
                        if (name?.trim()) void renameSelected(d.id, name.trim());
                      }}
                    >
                      Rename
                    </button>{' '}
                    <ConfirmButton question={`Delete ${d.name} and its images from this browser?`} onConfirm={() => void removeDataset(d.id)}>
                      Delete
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {storage && (
            <p className="muted" data-testid="storage">
              Browser storage: {formatBytes(storage.usage)} used of {formatBytes(storage.quota)}
              {storage.isPersisted ? ', persistent' : ' (the browser may evict it under pressure)'}.
            </p>
          )}
        </section>
      )}

      {selected && <DatasetView key={selected.id} meta={selected} />}
      <ProjectFile />
    </>
  );
}
