import { downloadFile } from '../../browser/download';
import { lessonFigurePng } from '../../browser/lessonFigure';
import { lessonColumns, lessonSentences, lessonVerdict } from '../../core/experiments/shortcutLesson';
import type { ExperimentRun } from '../../core/experiments/summarizeRuns';
import { formatPercent, formatPrediction } from '../../core/format';
import { METHOD_LABELS } from '../../core/train/trainConfig';
import { buildLessonPicture } from '../lessonActions';
import type { LessonPicture, LessonRow } from '../stores/experimentStore';
import { ErrorNotice } from './ErrorNotice';
import { OverlayCanvas } from './OverlayCanvas';

const pct = (x: number): string => formatPercent(x, { digits: 0 });
const LAYERS = { saliency: true, spn: false, groundTruth: true };
const PANEL_PX = 150;

function captions(row: LessonRow, picture: LessonPicture) {
  const predicted = (p: { predicted: number; probabilities: number[] }): string => formatPrediction(picture.classNames, p.predicted, p.probabilities);
  const best = METHOD_LABELS[picture.bestMethod];
  return {
    image: `${picture.classNames[row.label]} on a ${row.background} background`,
    baseline: `Baseline says ${predicted(row.baseline)}${row.baseline.predicted === row.label ? ' ✓' : ' ✗'}`,
    best: `${best} says ${predicted(row.best)}${row.best.predicted === row.label ? ' ✓' : ' ✗'}`,
    spn: `${best}: its SPN mask`,
  };
}

/**
 * The shortcut lesson: a picture first (test images on a background their class never had in training, with the
 * baseline's and the mask-trained model's Grad-CAM and its SPN mask), the numbers over the seeds beside it, and the
 * text a teacher reads aloud, built from those numbers.
 */
export function ShortcutLesson({ runs, picture, datasetId, busy }: { runs: ExperimentRun[]; picture: LessonPicture | null; datasetId: string; busy: boolean }) {
  const columns = lessonColumns(runs);
  const sentences = lessonSentences(runs);
  const verdict = lessonVerdict(runs);
  if (columns.length < 2) return null;
  const stage = runs[0]!.config.saliency.stage;
  const mapSide = runs[0]!.saliency.mapSidePx;
  const heading = 'Shortcut lesson: does the model look at the object?';
  const exportPng = async (): Promise<void> => {
    if (!picture) return;
    const rows = picture.rows.map((row) => {
      const c = captions(row, picture);
      return { pixels: row.pixels, mask: row.mask, sizePx: picture.sizePx, panels: [{ title: c.image }, { title: c.baseline, saliency: row.baseline.saliency }, { title: c.best, saliency: row.best.saliency }, { title: c.spn, spn: row.best.spn }] };
    });
    downloadFile('shortcut-lesson.png', new Uint8Array(await (await lessonFigurePng(heading, sentences, rows)).arrayBuffer()), 'image/png');
  };
  return (
    <section className="card lesson-view" aria-labelledby="lesson-title" data-testid="shortcut-lesson" data-best={verdict.best?.method ?? ''} data-looks-at-object={String(verdict.best?.looksAtObjectEverySeed ?? false)}>
      <h3 id="lesson-title">{heading}</h3>
      <div className="lesson">
        <div className="lesson-picture">
          {picture?.phase === 'building' && <p role="status">Explaining the test images with both models…</p>}
          {picture?.phase === 'failed' && picture.error && <ErrorNotice failure={picture.error} onRetry={() => void buildLessonPicture(datasetId)} />}
          {!picture && (
            <button className="secondary" disabled={busy} onClick={() => void buildLessonPicture(datasetId)}>
              Show the lesson’s pictures
            </button>
          )}
          {picture?.phase === 'ready' && (
            <>
              <p className="muted">
                Seed {picture.seed}. Test images whose background belonged to another shape in training; Grad-CAM on {stage}
                {mapSide ? ` (${mapSide}×${mapSide} map)` : ''}, yellow outline: the true object.
              </p>
              <table className="lesson-rows" data-testid="lesson-rows">
                <thead>
                  <tr>
                    <th scope="col">Image</th>
                    <th scope="col">Baseline Grad-CAM</th>
                    <th scope="col">{METHOD_LABELS[picture.bestMethod]} Grad-CAM</th>
                    <th scope="col">{METHOD_LABELS[picture.bestMethod]} SPN mask</th>
                  </tr>
                </thead>
                <tbody>
                  {picture.rows.map((row) => {
                    const c = captions(row, picture);
                    return (
                      <tr key={row.id} data-testid="lesson-row">
                        <td>
                          <OverlayCanvas pixels={row.pixels} sizePx={picture.sizePx} mask={row.mask} layers={{ ...LAYERS, saliency: false }} opacity={0} displayPx={PANEL_PX} label={c.image} />
                          <span>{c.image}</span>
                        </td>
                        <td>
                          <OverlayCanvas pixels={row.pixels} sizePx={picture.sizePx} saliency={row.baseline.saliency} mask={row.mask} layers={LAYERS} opacity={0.55} displayPx={PANEL_PX} label={`Baseline Grad-CAM: ${c.baseline}`} />
                          <span className={row.baseline.predicted === row.label ? 'correct' : 'wrong'}>{c.baseline}</span>
                        </td>
                        <td>
                          <OverlayCanvas pixels={row.pixels} sizePx={picture.sizePx} saliency={row.best.saliency} mask={row.mask} layers={LAYERS} opacity={0.55} displayPx={PANEL_PX} label={`${METHOD_LABELS[picture.bestMethod]} Grad-CAM: ${c.best}`} />
                          <span className={row.best.predicted === row.label ? 'correct' : 'wrong'}>{c.best}</span>
                        </td>
                        <td>
                          <OverlayCanvas pixels={row.pixels} sizePx={picture.sizePx} spn={row.best.spn} mask={row.mask} layers={{ saliency: false, spn: true, groundTruth: true }} opacity={0.7} displayPx={PANEL_PX} label={c.spn} />
                          <span>{c.spn}</span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <button onClick={() => void exportPng()}>Download the lesson (PNG for slides)</button>
            </>
          )}
        </div>
        <div className="lesson-numbers">
          {columns.map((column) => (
            <div key={column.method} className="lesson-column" data-testid={`lesson-column-${column.method}`}>
              <h4>{column.label}</h4>
              <p>
                <span className="big" data-testid={`lesson-f1-${column.method}`}>{pct(column.f1.mean)}</span> test F1 {column.f1.n > 1 && <span className="muted">± {pct(column.f1.std)}</span>}
              </p>
              <p>
                <span className="big" data-testid={`lesson-cam-${column.method}`}>{pct(column.camInObject.mean)}</span> of Grad-CAM on the object {column.camInObject.n > 1 && <span className="muted">± {pct(column.camInObject.std)}</span>}
              </p>
              <p className="muted">
                {column.seeds.length > 1 ? `Per seed (${column.seeds.join(', ')}): F1 ${column.f1.perSeed.map(pct).join(', ')}; on the object ${column.camInObject.perSeed.map(pct).join(', ')}` : `One seed (${column.seeds[0]}): no spread to show; run more seeds for one.`}
              </p>
            </div>
          ))}
        </div>
      </div>
      <div className="lesson-text" data-testid="lesson-text">
        {sentences.map((s) => (
          <p key={s}>{s}</p>
        ))}
      </div>
    </section>
  );
}
