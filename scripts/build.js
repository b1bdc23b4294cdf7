// Builds dist/chrome with Vite + crxjs, derives dist/firefox from it, and zips both into dist/.
// Firefox needs background.scripts (crxjs keeps only service_worker) and its gecko settings; Chrome gets neither.
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';
import webExt from 'web-ext';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const chromeDir = path.join(dist, 'chrome');
const firefoxDir = path.join(dist, 'firefox');

await rm(dist, { recursive: true, force: true });
await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });

// The in-page prices (LIVE gift panel, /coin packages): one self-contained ES module the relay imports only on those
// pages (src/content/features/in-page.ts, IN_PAGE_MODULE), so it stays out of the content scripts' 12 KB budget.
const IN_PAGE_MODULE = 'assets/in-page.js';
await build({
  root, configFile: false, logLevel: 'warn', publicDir: false,
  build: {
    outDir: chromeDir, emptyOutDir: false, target: 'es2022', sourcemap: false, copyPublicDir: false, minify: true,
    lib: { entry: path.join(root, 'src/content/in-page/index.ts'), formats: ['es'], fileName: () => IN_PAGE_MODULE },
  },
});

const built = JSON.parse(await readFile(path.join(chromeDir, 'manifest.json'), 'utf8'));
// Web-accessible to www.tiktok.com only: a content script's import() of an extension file needs it in both browsers.
built.web_accessible_resources = [
  ...(built.web_accessible_resources ?? []),
  { resources: [IN_PAGE_MODULE], matches: ['https://www.tiktok.com/*'] },
];
const serviceWorker = built.background?.service_worker;
if (!serviceWorker) throw new Error('the build has no background service worker');

await cp(chromeDir, firefoxDir, { recursive: true });
const firefox = structuredClone(built);
// Keeping service_worker beside scripts lets one manifest load in both browsers; Firefox uses scripts.
firefox.background = { service_worker: serviceWorker, scripts: [serviceWorker], type: 'module' };
await writeFile(path.join(firefoxDir, 'manifest.json'), `${JSON.stringify(firefox, null, 2)}\n`);

const chrome = structuredClone(built);
delete chrome.browser_specific_settings; // Chrome warns about keys it does not know
await writeFile(path.join(chromeDir, 'manifest.json'), `${JSON.stringify(chrome, null, 2)}\n`);
// crxjs leaves its Vite bookkeeping in the build; the stores do not need it.
await rm(path.join(chromeDir, '.vite'), { recursive: true, force: true });
await rm(path.join(firefoxDir, '.vite'), { recursive: true, force: true });

for (const { dir, filename } of [{ dir: chromeDir, filename: 'coinsight-chrome.zip' }, { dir: firefoxDir, filename: 'coinsight-firefox.zip' }]) {
  await webExt.cmd.build({ sourceDir: dir, artifactsDir: dist, filename, overwriteDest: true }, { shouldExitProgram: false });
}
console.log(`Built ${path.relative(root, chromeDir)}/, ${path.relative(root, firefoxDir)}/ and their zips in ${path.relative(root, dist)}/`);
