import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };
import { noInnerHtml } from './scripts/no-inner-html.js';

// One build for Chromium (dist/chrome); scripts/build.js derives the Firefox variant from it.
// The content scripts are named *.iife.ts so crxjs bundles them as self-contained IIFEs that run at
// document_start for real (its default async loader starts too late and misses the page's first requests).
/**
 * The popup's first paint in as few files as possible (bench/size.js measures it): what the popup's entry imports
 * statically goes into two chunks, the part the worker imports too and the rest. Left to itself, rollup splits shared
 * code by which pages share it, and each page added (the welcome page) cut the popup's first paint into more files,
 * which gzip worse (+0.5 KB measured). Two, not one: a manual chunk takes in its modules' dependencies, and the worker
 * must not load the popup's views. Both sets are closed under imports, so neither pulls in the other's modules.
 */
function popupFirstPaintChunks() {
  const entry = (file: string) => fileURLToPath(new URL(file, import.meta.url));
  const popup = entry('./src/popup/main.tsx');
  const worker = entry('./src/background/index.ts');
  type Info = { importers: readonly string[] } | null;
  type Lookup = (id: string) => Info;
  /** Whether `root` imports `module` statically, directly or not: a walk up the importers (memoised per module). */
  const reachedFrom = (root: string) => {
    const known = new Map<string, boolean>();
    return (module: string, info: Lookup): boolean => {
      const cached = known.get(module);
      if (cached !== undefined) return cached;
      const seen = new Set([module]);
      const queue = [module];
      let found = false;
      for (let next = queue.shift(); next !== undefined && !found; next = queue.shift()) {
        found = next === root;
        for (const importer of info(next)?.importers ?? []) if (!seen.has(importer)) seen.add(importer), queue.push(importer);
      }
      known.set(module, found);
      return found;
    };
  };
  const inPopup = reachedFrom(popup);
  const inWorker = reachedFrom(worker);
  const group = (name: string, priority: number, inWorkerToo: boolean) => ({
    name(id: string, context: { getModuleInfo: Lookup }) {
      const info: Lookup = (module) => context.getModuleInfo(module); // a method of the context: called on it
      // The popup's entry stays in its own chunk: its top-level code renders the Balance view, and a group's chunk is
      // also imported by the options and welcome pages, which would then run it too (seen: the welcome page drawing
      // the Balance view whenever its own render came first). The worker's entry is never reached from the popup.
      if (id === popup) return null;
      return inPopup(id, info) && inWorker(id, info) === inWorkerToo ? name : null;
    },
    priority,
  });
  // The shared part first (higher priority): the popup's group then finds those modules taken.
  return { groups: [group('worker-and-popup', 2, true), group('popup-first-paint', 1, false)] };
}

export default defineConfig({
  plugins: [noInnerHtml(), preact(), crx({ manifest: manifest as never, browser: 'chrome' })],
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: { options: 'src/options/index.html', welcome: 'src/welcome/index.html' },
      output: { codeSplitting: popupFirstPaintChunks() },
    },
  },
});
