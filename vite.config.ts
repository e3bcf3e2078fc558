import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  plugins: [
    react(),
    // After the first visit the studio loads and works with no network: Workbox precaches every built file (the
    // WASM binaries and the worker included), the page is served from the cache when offline.
    VitePWA({
      strategies: 'generateSW',
      filename: 'sw.js',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,png,svg,ico,json}'],
        // The bundle and the WASM binaries are several MB each; the default 2 MiB limit would leave them out.
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  worker: { format: 'es' },
  // Not minified: the WASM backend starts its threads from its own factory's source text, which a minifier breaks
  // ("e is not defined" in the thread workers).
  build: { target: 'es2022', chunkSizeWarningLimit: 8192, minify: false },
  server: { headers: isolationHeaders },
  preview: {
    headers: isolationHeaders,
    port: Number(process.env.PORT ?? 4173),
    strictPort: true,
    host: 'localhost',
  },
});
