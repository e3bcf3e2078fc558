import { useState } from 'react';

import { takeInputFiles } from '../../browser/walkDroppedFiles';
import type { Failure } from '../errorMessages';
import { toFailure } from '../errorMessages';
import { downloadProject, openProjectFile } from '../projectActions';
import { ErrorNotice } from './ErrorNotice';

/** Moves a whole project (datasets, kept runs and their models, bundles) between browsers as one zip. */
export function ProjectFile() {
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  const run = async (label: string, work: () => Promise<string>): Promise<void> => {
    setBusy(label);
    setDone(null);
    setError(null);
    try {
      setDone(await work());
    } catch (e) {
      setError(toFailure(e));
    } finally {
      setBusy(null);
    }
  };
  const open = (file: File | undefined): void => {
    if (!file) return;
    void run(`Opening ${file.name}…`, async () => {
      const opened = await openProjectFile(file, setBusy);
      const reused = opened.datasetsAlreadyStored ? ` (${opened.datasetsAlreadyStored} already stored here, kept as they were)` : '';
      return `Opened ${file.name}: ${opened.datasets} dataset(s)${reused}, ${opened.runs} run(s), ${opened.bundles} bundle(s).`;
    });
  };
  return (
    <section className="card" aria-labelledby="project-title" data-testid="project-file">
      <h3 id="project-title">Project file</h3>
      <p className="muted">One .zip with every dataset, finished run (with its model) and bundle kept in this browser, to open on another machine.</p>
      <div className="row">
        <button className="secondary" disabled={busy !== null} onClick={() => void run('Writing the project file…', async () => (await downloadProject(), 'The project file was downloaded.'))}>
          Download project file
        </button>
        <label>
          Open a project file: <input type="file" accept=".zip,application/zip" aria-label="Choose a project file" disabled={busy !== null} onChange={(e) => open(takeInputFiles(e.target)[0]?.file)} />
        </label>
      </div>
      {busy && <p role="status">{busy}</p>}
      {done && <p role="status" data-testid="project-done">{done}</p>}
      {error && <ErrorNotice failure={error} testId="project-error" />}
    </section>
  );
}
