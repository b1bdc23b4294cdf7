// @ts-check
/**
 * Benchmark: what the extension makes the browser download and parse, in gzipped bytes (node:zlib gzipSync, level 9)
 * of the built files in dist/chrome. No browser.
 *
 * - Content scripts: every file in manifest.json content_scripts[].js. Target: ≤ 12 KB (12 × 1,024 bytes) together.
 * - Popup first paint: the <script type="module" src> of dist/chrome/src/popup/index.html, every chunk it imports
 *   statically, transitively (import / export … from, read with vite's own parser, parseAst), and every
 *   <link rel="modulepreload">. Dynamic import() targets load after first paint: listed, not counted.
 *   Target: ≤ 50 KB of JavaScript. The popup's stylesheets (<link rel="stylesheet">) are reported separately.
 * - chart.js must not be in the first-paint set: each first-paint chunk is searched for chart.js signatures (string
 *   literals that survive minification, the class and registry names together, or a chunk named after it).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseAst } from 'vite';
import { CHROME_DIST } from './lib.js';

const KB = 1_024;
const CONTENT_TARGET = 12 * KB;
const POPUP_JS_TARGET = 50 * KB;
const POPUP_HTML = 'src/popup/index.html';

/** Strings from chart.js's own source that minifiers keep (error messages), and names it exports. */
const CHART_SIGNATURES = /** @type {const} */ ([
  ['"Canvas is already in use" error', (/** @type {string} */ code) => code.includes('Canvas is already in use')],
  ['"complete date adapter" error', (/** @type {string} */ code) => code.includes('complete date adapter')],
  ['Chart + registry', (/** @type {string} */ code) => /\bChart\b/.test(code) && /\bregistry\b/.test(code)],
]);

/** @param {string} rel a path inside dist/chrome */
function measure(rel) {
  const file = path.join(CHROME_DIST, rel);
  if (!existsSync(file)) throw new Error(`size: ${file} is missing (the build in ${CHROME_DIST} is incomplete: run npm run build)`);
  const bytes = readFileSync(file);
  return { file: rel, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/** @param {{ bytes: number, gzipBytes: number }[]} files */
function total(files) {
  return { bytes: files.reduce((s, f) => s + f.bytes, 0), gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) };
}

/**
 * A URL as written in the HTML (absolute from the extension root, or relative to the page) → a path in dist/chrome.
 * @param {string} url @param {string} fromRel
 */
function resolveFrom(url, fromRel) {
  const clean = url.split(/[?#]/)[0] ?? url;
  return clean.startsWith('/') ? clean.slice(1) : path.posix.join(path.posix.dirname(fromRel), clean);
}

/**
 * Static and dynamic import specifiers of a built ES module, read with vite's parser.
 * @param {string} code
 */
function importsOf(code) {
  const ast = /** @type {any} */ (parseAst(code));
  /** @type {string[]} */
  const staticImports = [];
  /** @type {string[]} */
  const dynamicImports = [];
  for (const node of ast.body) {
    if ((node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') && node.source) {
      staticImports.push(String(node.source.value));
    }
  }
  /** @param {any} node */
  const walk = (node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) { for (const child of node) walk(child); return; }
    if (node.type === 'ImportExpression' && node.source?.type === 'Literal') dynamicImports.push(String(node.source.value));
    // The bundler writes some as import(`./chunk.js`): a template literal without expressions is a fixed name too.
    if (node.type === 'ImportExpression' && node.source?.type === 'TemplateLiteral' && node.source.expressions.length === 0) {
      dynamicImports.push(String(node.source.quasis[0]?.value?.cooked ?? ''));
    }
    for (const key of Object.keys(node)) if (key !== 'type' && key !== 'start' && key !== 'end') walk(node[key]);
  };
  walk(ast);
  return { staticImports, dynamicImports };
}

/** @param {string} attrs  the inside of a tag @param {string} name */
function attr(attrs, name) {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : null;
}

/**
 * The popup's first-paint files from its HTML.
 * @param {string} htmlRel
 */
function firstPaintOf(htmlRel) {
  const htmlFile = path.join(CHROME_DIST, htmlRel);
  if (!existsSync(htmlFile)) throw new Error(`size: ${htmlFile} is missing (run npm run build)`);
  const html = readFileSync(htmlFile, 'utf8');
  /** @type {string[]} */
  const entries = [];
  /** @type {string[]} */
  const preloads = [];
  /** @type {string[]} */
  const styles = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attrs = m[1] ?? '';
    const src = attr(attrs, 'src');
    if (src) entries.push(resolveFrom(src, htmlRel)); // type="module" (a classic script would block first paint too)
  }
  for (const m of html.matchAll(/<link\b([^>]*)>/gi)) {
    const attrs = m[1] ?? '';
    const rel = (attr(attrs, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attr(attrs, 'href');
    if (!href) continue;
    if (rel.includes('modulepreload')) preloads.push(resolveFrom(href, htmlRel));
    else if (rel.includes('stylesheet')) styles.push(resolveFrom(href, htmlRel));
  }
  if (entries.length === 0) throw new Error(`size: no <script src> in ${htmlRel}`);

  /** @type {Map<string, { via: string }>} */
  const js = new Map();
  /** @type {Set<string>} */
  const deferred = new Set();
  /** @type {{ rel: string, via: string }[]} */
  const queue = entries.map((rel) => ({ rel, via: 'script' }));
  const laterPreloads = [...preloads];
  while (queue.length > 0 || laterPreloads.length > 0) {
    // The static import graph first, then any modulepreload it did not reach (fetched at first paint all the same).
    const item = queue.shift() ?? { rel: /** @type {string} */ (laterPreloads.shift()), via: 'modulepreload only' };
    if (js.has(item.rel)) continue;
    js.set(item.rel, { via: item.via });
    const file = path.join(CHROME_DIST, item.rel);
    if (!existsSync(file)) throw new Error(`size: ${item.rel} (${item.via}) is missing from ${CHROME_DIST} (run npm run build)`);
    const { staticImports, dynamicImports } = importsOf(readFileSync(file, 'utf8'));
    for (const spec of staticImports) {
      if (!spec.startsWith('.') && !spec.startsWith('/')) throw new Error(`size: ${item.rel} imports the bare specifier "${spec}", which a browser cannot load`);
      queue.push({ rel: resolveFrom(spec, item.rel), via: `import from ${item.rel}` });
    }
    for (const spec of dynamicImports) if (spec.startsWith('.') || spec.startsWith('/')) deferred.add(resolveFrom(spec, item.rel));
  }
  for (const rel of js.keys()) deferred.delete(rel);
  return { js, styles, deferred: [...deferred], htmlBytes: Buffer.byteLength(html) };
}

/** @param {string} rel @param {string} code */
function chartSignatures(rel, code) {
  /** @type {string[]} */
  const found = CHART_SIGNATURES.filter(([, test]) => test(code)).map(([name]) => name);
  if (/chart/i.test(path.posix.basename(rel))) found.push('chunk name');
  return found;
}

/**
 * @param {{ port?: number, control?: unknown, state?: unknown }} [_standIn]  unused: no browser, no stand-in
 */
export async function benchSize(_standIn) {
  const manifestFile = path.join(CHROME_DIST, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`size: ${manifestFile} is missing: run npm run build first`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));

  // Content scripts.
  /** @type {string[]} */
  const contentFiles = [...new Set((manifest.content_scripts ?? []).flatMap((/** @type {{ js?: string[] }} */ c) => c.js ?? []))];
  if (contentFiles.length === 0) throw new Error('size: manifest.json declares no content scripts');
  const content = contentFiles.map(measure);
  const contentTotal = total(content);

  // Popup first paint.
  const popupHtml = manifest.action?.default_popup ?? POPUP_HTML;
  const fp = firstPaintOf(popupHtml);
  const popupJs = [...fp.js].map(([rel, { via }]) => ({ ...measure(rel), via }));
  const popupCss = fp.styles.map(measure);
  const popupJsTotal = total(popupJs);
  const popupCssTotal = total(popupCss);
  const chartInFirstPaint = popupJs
    .map((f) => ({ file: f.file, signatures: chartSignatures(f.file, readFileSync(path.join(CHROME_DIST, f.file), 'utf8')) }))
    .filter((f) => f.signatures.length > 0);
  // Where chart.js is in the build at all (information: it should be in a chunk loaded later, if anywhere).
  const assets = existsSync(path.join(CHROME_DIST, 'assets')) ? readdirSync(path.join(CHROME_DIST, 'assets')).filter((f) => f.endsWith('.js')) : [];
  const chartAnywhere = assets
    .map((f) => ({ file: `assets/${f}`, signatures: chartSignatures(f, readFileSync(path.join(CHROME_DIST, 'assets', f), 'utf8')) }))
    .filter((f) => f.signatures.length > 0);

  const kb = (/** @type {number} */ bytes) => Math.round((bytes / KB) * 100) / 100;
  /** A set of files' totals against its gzipped budget. @param {{ gzipBytes: number }} total @param {number} target */
  const budget = (total, target) => ({
    gzipKB: kb(total.gzipBytes),
    targetGzipKB: target / KB,
    ratioToTarget: Math.round((total.gzipBytes / target) * 1000) / 1000,
    meetsTarget: total.gzipBytes <= target,
  });
  return {
    config: { dist: path.relative(process.cwd(), CHROME_DIST) || CHROME_DIST, gzip: 'node:zlib gzipSync level 9', kb: KB, popupHtml },
    contentScripts: {
      files: content,
      ...contentTotal,
      ...budget(contentTotal, CONTENT_TARGET),
    },
    popupFirstPaint: {
      js: {
        files: popupJs,
        ...popupJsTotal,
        ...budget(popupJsTotal, POPUP_JS_TARGET),
      },
      css: { files: popupCss, ...popupCssTotal, gzipKB: kb(popupCssTotal.gzipBytes) },
      htmlBytes: fp.htmlBytes,
      loadedLater: fp.deferred,
      chartJsInFirstPaint: chartInFirstPaint.length > 0,
      chartJsFirstPaintFiles: chartInFirstPaint,
    },
    chartJsInBuild: chartAnywhere,
    meetsTargets: contentTotal.gzipBytes <= CONTENT_TARGET && popupJsTotal.gzipBytes <= POPUP_JS_TARGET && chartInFirstPaint.length === 0,
  };
}
