// The project file: everything this browser keeps, out as one zip and back in on another machine.
import { downloadFile } from '../browser/download';
import type { ProjectOpened } from '../browser/projectFile';
import { exportProject, openProject } from '../browser/projectFile';
import { refreshBundles } from './bundleActions';
import { refreshExperimentRuns } from './experimentRunner';
import { refreshKeptRuns } from './keptRunActions';
import { refreshDatasets } from './stores/datasetStore';
import { studioWorker } from './studioWorker';

export async function downloadProject(): Promise<void> {
  downloadFile(`saliency-studio-project-${new Date().toISOString().slice(0, 10)}.zip`, await exportProject(), 'application/zip');
}

export async function openProjectFile(file: File, onProgress: (label: string) => void): Promise<ProjectOpened> {
  const opened = await openProject(new Uint8Array(await file.arrayBuffer()), file.name, (bytes, name) => studioWorker.checkBundle(bytes, name), onProgress);
  await Promise.all([refreshDatasets(), refreshKeptRuns(), refreshBundles(), refreshExperimentRuns()]);
  return opened;
}
