import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };
import { noInnerHtml } from './scripts/no-inner-html.js';

// One build for Chromium (dist/chrome); scripts/build.js derives the Firefox variant from it.
// The content scripts are named *.iife.ts so crxjs bundles them as self-contained IIFEs that run at
// document_start for real (its default async loader starts too late and misses the page's first requests).
export default defineConfig({
  plugins: [noInnerHtml(), preact(), crx({ manifest: manifest as never, browser: 'chrome' })],
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: { options: 'src/options/index.html', welcome: 'src/welcome/index.html' },
    },
  },
});
