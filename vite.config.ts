import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Lists every built file in asset-manifest.json, so the service worker can cache the whole app on first visit. */
function assetManifest(): Plugin {
  return {
    name: 'asset-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).map((name) => `./${name}`);
      this.emitFile({ type: 'asset', fileName: 'asset-manifest.json', source: JSON.stringify({ files: ['./', ...files] }) });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), assetManifest()],
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
