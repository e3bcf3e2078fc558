import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { chooseBackend } from './backendActions';
import { openBundleFromUrl } from './bundleActions';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void chooseBackend('auto');

// `?bundle=<url>` opens a hosted bundle on the Models page (queued in the worker after the backend starts).
const bundleUrl = new URLSearchParams(window.location.search).get('bundle');
if (bundleUrl) {
  window.location.hash = '#/models';
  void openBundleFromUrl(new URL(bundleUrl, window.location.href).href);
}

// The service worker keeps the studio working offline after the first visit (classrooms have poor Wi-Fi).
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => console.warn('offline cache unavailable:', error));
}
