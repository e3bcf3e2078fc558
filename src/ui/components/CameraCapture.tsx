import { useEffect, useRef, useState } from 'react';

import { grabFrame, openCamera, stopCamera } from '../../browser/camera';
import { capturedFramePaths, classNameProblem } from '../../core/data/capturedFrames';
import { importDroppedFiles, useDatasetStore } from '../stores/datasetStore';

const FRAMES_PER_SECOND = 5;
/** Captured images are stored at the report's input size; training resizes them to its own. */
const SIDE_PX = 224;

interface Frame {
  id: number;
  className: string;
  url: string;
  blob: Blob;
}

/**
 * Training images from the camera, Teachable Machine's way: name a class, hold Record while showing it, check the
 * thumbnails and delete bad ones, then review and save them as a dataset like a dropped folder.
 */
export function CameraCapture() {
  const videoRef = useRef<HTMLVideoElement>(null);
  const nextId = useRef(1);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [className, setClassName] = useState('');
  const [frames, setFrames] = useState<Frame[]>([]);
  const [recording, setRecording] = useState(false);
  const isImporting = useDatasetStore((s) => s.importing !== null || s.draft !== null);

  useEffect(() => {
    if (videoRef.current) videoRef.current.srcObject = stream;
    return () => {
      if (stream) stopCamera(stream);
    };
  }, [stream]);
  // Frames are grabbed on a timer while Record is held; the class is fixed for the whole hold.
  useEffect(() => {
    if (!recording) return;
    const name = className.trim();
    const timer = setInterval(() => {
      const video = videoRef.current;
      if (!video || video.videoWidth === 0) return;
      void grabFrame(video, SIDE_PX).then(
        (blob) => setFrames((list) => [...list, { id: nextId.current++, className: name, url: URL.createObjectURL(blob), blob }]),
        (error: unknown) => setProblem(String(error)),
      );
    }, 1000 / FRAMES_PER_SECOND);
    return () => clearInterval(timer);
  }, [recording, className]);
  // Thumbnails' object URLs are let go with their frame (deleted, saved, or the page left).
  const shown = useRef<Frame[]>([]);
  useEffect(() => {
    shown.current = frames;
  }, [frames]);
  useEffect(() => () => shown.current.forEach((f) => URL.revokeObjectURL(f.url)), []);

  const start = async (): Promise<void> => {
    setProblem(null);
    try {
      setStream(await openCamera());
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const stop = (): void => {
    setRecording(false);
    setStream(null);
  };
  const beginRecording = (): void => {
    const why = classNameProblem(className);
    setProblem(why ? `Record: ${why}` : null);
    if (!why) setRecording(true);
  };
  const remove = (frame: Frame): void => {
    URL.revokeObjectURL(frame.url);
    setFrames((list) => list.filter((f) => f.id !== frame.id));
  };
  const save = (): void => {
    const paths = capturedFramePaths(frames.map((f) => f.className));
    void importDroppedFiles(frames.map((f, i) => ({ path: paths[i]!, file: new File([f.blob], paths[i]!.split('/').at(-1)!, { type: 'image/png' }) })));
    for (const f of frames) URL.revokeObjectURL(f.url);
    setFrames([]);
  };
  const counts = [...frames.reduce((m, f) => m.set(f.className, (m.get(f.className) ?? 0) + 1), new Map<string, number>())];

  return (
    <section className="card camera-capture" aria-labelledby="camera-title">
      <h3 id="camera-title">Capture from a camera</h3>
      <div className="row">
        {stream ? (
          <button className="secondary" onClick={stop}>
            Stop camera
          </button>
        ) : (
          <button onClick={() => void start()}>Start camera</button>
        )}
        <label>
          Class{' '}
          <input value={className} onChange={(e) => setClassName(e.target.value)} disabled={recording} placeholder="e.g. cup" />
        </label>
        <button
          className="record-button"
          disabled={!stream}
          aria-pressed={recording}
          // Captured, the pointer keeps its button while held: a slip off it (or the page moving) does not stop a take.
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            beginRecording();
          }}
          onPointerUp={() => setRecording(false)}
          onPointerCancel={() => setRecording(false)}
          onLostPointerCapture={() => setRecording(false)}
          onKeyDown={(e) => {
            if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
              e.preventDefault();
              beginRecording();
            }
          }}
          onKeyUp={(e) => (e.key === ' ' || e.key === 'Enter') && setRecording(false)}
        >
          {recording ? `Recording ${className.trim()}…` : 'Hold to record'}
        </button>
      </div>
      <p className="muted">
        {FRAMES_PER_SECOND} frames a second while Hold to record is held (mouse, touch, or Space/Enter), each the centred square of the picture at {SIDE_PX}×{SIDE_PX} px.
      </p>
      {problem && (
        <p className="error-notice" role="alert" data-testid="camera-problem">
          <strong>Camera:</strong> {problem}
        </p>
      )}
      {stream && <video ref={videoRef} className="camera-preview" autoPlay muted playsInline aria-label="Camera preview" />}
      <p role="status" data-testid="captured-count">
        {frames.length === 0 ? 'No frames captured yet.' : `${frames.length} frames: ${counts.map(([name, n]) => `${name} ${n}`).join(', ')}`}
      </p>
      {frames.length > 0 && (
        <>
          <ul className="captured-frames" aria-label="Captured frames">
            {frames.map((f, i) => (
              <li key={f.id}>
                <img src={f.url} alt={`Frame ${i + 1}, ${f.className}`} width={72} height={72} />
                <span className="frame-class">{f.className}</span>
                <button className="secondary" aria-label={`Delete frame ${i + 1} (${f.className})`} onClick={() => remove(f)}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
          <button onClick={save} disabled={recording || isImporting || counts.length === 0}>
            Review and save as a dataset ({frames.length} images, {counts.length} {counts.length === 1 ? 'class' : 'classes'})
          </button>
        </>
      )}
    </section>
  );
}
