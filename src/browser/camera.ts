// The device camera, for capturing training images on the Data page: open it, grab square frames, explain refusals.
import { centredSquare } from '../core/data/capturedFrames';

/** Opens the camera (the browser asks the user first); rejects with a sentence saying what happened and what to do. */
export async function openCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error('this browser offers no camera to this page (a camera needs the page on https or localhost)');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      throw new Error('the camera was refused: allow it for this site (the camera icon in the address bar, or the browser’s site settings), then press Start camera again');
    }
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new Error('no camera was found on this device: connect one, or drop image files above instead');
    if (name === 'NotReadableError' || name === 'AbortError') throw new Error('the camera is in use by another application or tab: close it there and press Start camera again');
    throw new Error(`the camera could not start (${error instanceof Error ? error.message : String(error)})`);
  }
}

export function stopCamera(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** The video's current frame, its centred square scaled to `sidePx`, as a PNG. */
export function grabFrame(video: HTMLVideoElement, sidePx: number): Promise<Blob> {
  const [x, y, side] = centredSquare(video.videoWidth, video.videoHeight);
  const canvas = document.createElement('canvas');
  canvas.width = sidePx;
  canvas.height = sidePx;
  canvas.getContext('2d')!.drawImage(video, x, y, side, side, 0, 0, sidePx, sidePx);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the frame could not be encoded'))), 'image/png'));
}
