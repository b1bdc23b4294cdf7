// Builds the shipped extension (dist/chrome, dist/firefox derived from it, and their zips in dist/) and the test
// build (dist-test/chrome, dist-test/firefox; no zips), which differs only in vite mode 'e2e': its clock follows an
// offset in storage.local (src/platform/test-clock.ts), so end-to-end tests can roll a period over. Nothing of that
// is in dist/ (tests/e2e/shipped-build.e2e.ts checks).
// Firefox needs background.scripts (crxjs keeps only service_worker) and its gecko settings; Chrome gets neither.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';
import webExt from 'web-ext';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testKey = JSON.parse(await readFile(path.join(root, 'scripts/test-extension-key.json'), 'utf8'));

// The in-page prices (LIVE gift panel, /coin packages): one self-contained ES module the relay imports only on those
// pages (src/content/features/in-page.ts, IN_PAGE_MODULE), so it stays out of the content scripts' 12 KB budget.
// It has no clock: built once, copied into the test build.
const IN_PAGE_MODULE = 'assets/in-page.js';
// Where TikTok's /coin is sent while a block is on (background/limits/enforce.ts BLOCKED_PAGE): a redirect to an
// extension page needs it web-accessible to the site. Its script is built on its own, self-contained (as in-page is):
// as one more page of the main build it shared chunks with the popup, which re-split them (+0.4–0.6 KB gzipped in
// the popup's first paint, measured).
const BLOCKED_PAGE = 'src/blocked/index.html';
const BLOCKED_SCRIPT = 'assets/blocked.js';
// Research mode's capture scripts (issue 12): not in the manifest, registered by the worker only while research mode
// is on (src/background/research/registration.ts, which names these files). Classic scripts (IIFE), self-contained,
// like the manifest's content scripts; no clock: built once per variant like blocked.js.
const RESEARCH_SCRIPTS = [
  { entry: 'src/content/research/hook.ts', file: 'assets/research-hook.js' },
  { entry: 'src/content/research/relay.ts', file: 'assets/research-relay.js' },
];

/**
 * Builds one variant into `<out>/chrome` and `<out>/firefox`; returns the two directories. `inPageFrom` (a promise of
 * a chrome directory) copies the in-page module from there instead of building it again.
 * @param {{ mode: string, out: string, inPageFrom?: Promise<string>, onChromeBuilt?: (dir: string) => void }} variant
 */
async function buildVariant({ mode, out, inPageFrom, onChromeBuilt = () => undefined }) {
  const chromeDir = path.join(out, 'chrome');
  const firefoxDir = path.join(out, 'firefox');
  await rm(out, { recursive: true, force: true });
  await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', mode, build: { outDir: chromeDir } });
  if (inPageFrom) {
    const from = await inPageFrom;
    await mkdir(path.join(chromeDir, path.dirname(IN_PAGE_MODULE)), { recursive: true });
    await cp(path.join(from, IN_PAGE_MODULE), path.join(chromeDir, IN_PAGE_MODULE));
  } else {
    await build({
      root, configFile: false, logLevel: 'warn', publicDir: false, mode,
      build: {
        outDir: chromeDir, emptyOutDir: false, target: 'es2022', sourcemap: false, copyPublicDir: false, minify: true,
        lib: { entry: path.join(root, 'src/content/in-page/index.ts'), formats: ['es'], fileName: () => IN_PAGE_MODULE },
      },
    });
    onChromeBuilt(chromeDir);
  }
  await build({
    root, configFile: false, logLevel: 'warn', publicDir: false, mode,
    build: {
      outDir: chromeDir, emptyOutDir: false, target: 'es2022', sourcemap: false, copyPublicDir: false, minify: true,
      lib: { entry: path.join(root, 'src/blocked/main.ts'), formats: ['es'], fileName: () => BLOCKED_SCRIPT },
    },
  });
  for (const { entry, file } of RESEARCH_SCRIPTS) {
    await build({
      root, configFile: false, logLevel: 'warn', publicDir: false, mode,
      build: {
        outDir: chromeDir, emptyOutDir: false, target: 'es2022', sourcemap: false, copyPublicDir: false, minify: true,
        lib: { entry: path.join(root, entry), formats: ['iife'], name: 'coinsightResearch', fileName: () => file },
      },
    });
  }
  await mkdir(path.join(chromeDir, path.dirname(BLOCKED_PAGE)), { recursive: true });
  await cp(path.join(root, BLOCKED_PAGE), path.join(chromeDir, BLOCKED_PAGE));

  const built = JSON.parse(await readFile(path.join(chromeDir, 'manifest.json'), 'utf8'));
  // Web-accessible to www.tiktok.com only: a content script's import() of an extension file needs it in both browsers.
  built.web_accessible_resources = [
    ...(built.web_accessible_resources ?? []),
    { resources: [IN_PAGE_MODULE, BLOCKED_PAGE], matches: ['https://www.tiktok.com/*'] },
  ];
  const serviceWorker = built.background?.service_worker;
  if (!serviceWorker) throw new Error('the build has no background service worker');

  await cp(chromeDir, firefoxDir, { recursive: true });
  const firefox = structuredClone(built);
  // Firefox has no managed_schema (policies.json's 3rdparty values reach storage.managed as they are): no warning.
  delete firefox.storage;
  // Firefox runs background scripts (an event page), not service workers; it would ignore service_worker, with a
  // warning from the store's linter. Firefox 140 is the oldest that knows data_collection_permissions (the store
  // requires them), hence strict_min_version 140.0 (142 on Android).
  firefox.background = { scripts: [serviceWorker], type: 'module' };
  await writeFile(path.join(firefoxDir, 'manifest.json'), `${JSON.stringify(firefox, null, 2)}\n`);

  const chrome = structuredClone(built);
  delete chrome.browser_specific_settings; // Chrome warns about keys it does not know
  // Test builds only: a fixed key pins the extension id, so a managed policy written by a test can name it
  // (tests/e2e/managed.e2e.ts). The shipped build keeps the id the store gives it (shipped-build.e2e.ts checks).
  if (mode === 'e2e') chrome.key = testKey.key;
  await writeFile(path.join(chromeDir, 'manifest.json'), `${JSON.stringify(chrome, null, 2)}\n`);
  // crxjs leaves its Vite bookkeeping in the build; the stores do not need it.
  await rm(path.join(chromeDir, '.vite'), { recursive: true, force: true });
  await rm(path.join(firefoxDir, '.vite'), { recursive: true, force: true });
  return { chromeDir, firefoxDir };
}

const dist = path.join(root, 'dist');
const distTest = path.join(root, 'dist-test');
/** @type {(dir: string) => void} */
let inPageBuilt = () => undefined;
/** @type {Promise<string>} */
const inPageFrom = new Promise((resolve) => { inPageBuilt = resolve; });
// The two variants build side by side: ≈ 1.25× the CPU time of the shipped build alone (1.7 s → 2.1 s user+sys, measured
// alternately with the previous script); wall time 1.0–1.5× on a loaded 2-core machine.
await Promise.all([
  buildVariant({ mode: 'production', out: dist, onChromeBuilt: inPageBuilt }).then(async (shipped) => {
    for (const { dir, filename } of [{ dir: shipped.chromeDir, filename: 'coinsight-chrome.zip' }, { dir: shipped.firefoxDir, filename: 'coinsight-firefox.zip' }]) {
      await webExt.cmd.build({ sourceDir: dir, artifactsDir: dist, filename, overwriteDest: true }, { shouldExitProgram: false });
    }
  }),
  buildVariant({ mode: 'e2e', out: distTest, inPageFrom }),
]);
console.log(`Built ${path.relative(root, dist)}/ (chrome, firefox and their zips) and the test build in ${path.relative(root, distTest)}/`);
