import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { initBackend } from '../worker/trainingClient';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

initBackend('auto');

// The service worker keeps the studio working offline after the first visit (classrooms have poor Wi-Fi).
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => console.warn('offline cache unavailable:', error));
}
