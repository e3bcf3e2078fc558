import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { chooseBackend } from './backendActions';
import { offerBundleLink } from './bundleActions';
import { decodeImagePixels, decodeMaskPixels } from '../browser/imageCodec';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void chooseBackend('auto');

// `?bundle=<url>` offers a hosted bundle on the Models page, naming its host; nothing is fetched before the user agrees.
const bundleUrl = new URLSearchParams(window.location.search).get('bundle');
if (bundleUrl) {
  window.location.hash = '#/models';
  offerBundleLink(new URL(bundleUrl, window.location.href).href);
}

// The service worker keeps the studio working offline after the first visit (classrooms have poor Wi-Fi).
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => console.warn('offline cache unavailable:', error));
}

// For tests: the decoder every image goes through, so a test can compare it with the PyTorch reference's pixels.
(window as unknown as { studioDebug: object }).studioDebug = { decodeImagePixels, decodeMaskPixels };
