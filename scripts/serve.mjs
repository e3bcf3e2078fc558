#!/usr/bin/env node
// `npm start` after the build: serves the studio on localhost (PORT overrides 4173) and prints its URL.
import { serveStudio } from './lib/headlessStudio.mjs';

const { url } = await serveStudio(Number(process.env.PORT ?? 4173));
console.log(`Saliency Studio is running at ${url}  (Ctrl+C to stop)`);
