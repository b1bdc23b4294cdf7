// @ts-check
/**
 * Chromium driven over a bare DevTools pipe, for the one benchmark where Playwright itself gets in the way: Playwright
 * enables the Network domain on every page it attaches to, so each request the page makes is also serialised into
 * DevTools events and parsed by Node. On 2 cores that costs more than the extension does (measured: ~1 ms of Node CPU
 * per request) and would hide the tap's overhead inside a larger baseline. Here the bench talks to the browser with
 * Target and Runtime only: no network events exist.
 *
 * The browser is started like tests/e2e/harness.ts launchChromium (same Chromium, headless, fresh user data dir,
 * --load-extension / --disable-extensions-except, the stand-in's --host-resolver-rules), plus the Playwright defaults
 * that keep a headless tab running at full speed (no timer throttling, no renderer backgrounding).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumArgs } from '../tests/fake-tiktok/server.js';
import { CHROME_DIST, CHROMIUM } from './lib.js';

/**
 * @typedef {object} RawPage
 * @property {<A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => Promise<R>} evaluate
 * @property {() => Promise<void>} close
 * @property {(method: string, params?: Record<string, unknown>) => Promise<any>} command
 */

/**
 * Which extension the browser runs:
 *   'coinsight' the built dist/chrome;
 *   'empty'     a manifest-only MV3 extension, written to a temp dir: the extension system is on, as in any user's
 *               browser, but nothing of ours runs. The fair baseline for "what does Coinsight cost";
 *   'none'      --disable-extensions: no extension system at all.
 * `true` and `false` mean 'coinsight' and 'none'.
 * @typedef {'coinsight' | 'empty' | 'none' | boolean} ExtensionChoice
 */

/**
 * @param {number} port
 * @param {{ extension?: ExtensionChoice }} [options]
 */
export async function launchRaw(port, { extension: choice = 'coinsight' } = {}) {
  const extension = choice === true ? 'coinsight' : choice === false ? 'none' : choice;
  const userDataDir = mkdtempSync(path.join(tmpdir(), `coinsight-bench-raw-${extension}-`));
  let extensionDir = null;
  if (extension === 'coinsight') extensionDir = CHROME_DIST;
  if (extension === 'empty') {
    extensionDir = path.join(userDataDir, 'empty-extension');
    mkdirSync(extensionDir);
    writeFileSync(path.join(extensionDir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Empty baseline', version: '1.0' }));
  }
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows', '--disable-renderer-backgrounding',
    '--disable-field-trial-config', '--disable-breakpad', '--no-default-browser-check', '--disable-default-apps',
    '--disable-dev-shm-usage', '--password-store=basic', '--use-mock-keychain', '--metrics-recording-only',
    ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : ['--disable-extensions']),
    ...chromiumArgs(port),
    `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', 'about:blank',
  ];
  const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
  const toBrowser = /** @type {import('node:stream').Writable} */ (child.stdio[3]);
  const fromBrowser = /** @type {import('node:stream').Readable} */ (child.stdio[4]);

  let nextId = 1;
  /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void, method: string }>} */
  const waiting = new Map();
  /** @type {((message: any) => void)[]} */
  const listeners = [];
  /** @type {Buffer[]} */
  let pending = [];
  fromBrowser.on('data', (/** @type {Buffer} */ chunk) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      pending.push(chunk.subarray(start, end));
      const message = JSON.parse(Buffer.concat(pending).toString('utf8'));
      pending = [];
      start = end + 1;
      if (typeof message.id === 'number') {
        const w = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error) w?.reject(new Error(`${w.method}: ${message.error.message}`));
        else w?.resolve(message.result);
      } else {
        for (const listener of listeners) listener(message);
      }
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let closed = false;
  let cleaned = false;
  toBrowser.on('error', () => undefined); // the browser went away: pending calls fail below
  child.once('exit', () => {
    closed = true;
    for (const w of waiting.values()) w.reject(new Error(`${w.method}: the browser exited`));
    waiting.clear();
  });

  /**
   * @param {string} method
   * @param {Record<string, unknown>} [params]
   * @param {string} [sessionId]
   * @returns {Promise<any>}
   */
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    if (closed) { reject(new Error(`${method}: the browser is closed`)); return; }
    const id = nextId++;
    waiting.set(id, { resolve, reject, method });
    toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
  });

  /** @param {(message: any) => boolean} match @param {number} timeoutMs */
  const waitForEvent = (match, timeoutMs) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for a DevTools event')), timeoutMs);
    const listener = (/** @type {any} */ message) => {
      if (!match(message)) return;
      clearTimeout(timer);
      listeners.splice(listeners.indexOf(listener), 1);
      resolve(message);
    };
    listeners.push(listener);
  });

  await send('Target.setDiscoverTargets', { discover: true });
  let extensionId = null;
  if (extension === 'coinsight') {
    const isWorker = (/** @type {any} */ t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://');
    // Listening before looking: a worker that starts between the answer to getTargets and a listener added after it
    // was missed (seen: "timed out waiting for a DevTools event" in 2 launches of ~20).
    const started = waitForEvent((m) => (m.method === 'Target.targetCreated' || m.method === 'Target.targetInfoChanged') && isWorker(m.params.targetInfo), 20_000)
      .then((/** @type {any} */ m) => m.params.targetInfo);
    const sw = /** @type {any} */ ((await send('Target.getTargets')).targetInfos.find(isWorker) ?? (await started));
    started.catch(() => undefined); // found at once: the listener's timeout is not an error
    extensionId = new URL(sw.url).host;
    // A new install opens the welcome page (src/background/welcome.ts): closed, so that no benchmark shares the
    // browser with a page the baseline does not have (tests/e2e/harness.ts does the same).
    const welcomeUrl = `chrome-extension://${extensionId}/src/welcome/index.html`;
    const isWelcome = (/** @type {any} */ t) => t.type === 'page' && t.url === welcomeUrl;
    // Listening before looking, so a tab that opens in between is not missed; the listener unused is not an error.
    const opened = waitForEvent((m) => (m.method === 'Target.targetCreated' || m.method === 'Target.targetInfoChanged') && isWelcome(m.params.targetInfo), 20_000)
      .then((/** @type {any} */ m) => m.params.targetInfo, () => null);
    const welcome = (await send('Target.getTargets')).targetInfos.find(isWelcome) ?? (await opened);
    if (!welcome) throw new Error('bench: the welcome page of the new install did not open');
    await send('Target.closeTarget', { targetId: welcome.targetId });
  }

  /**
   * Opens a tab at `url`, waits for its load, and returns a handle that evaluates functions in its main world.
   * `initScript` runs in the page's world when each document starts, before the extension's content scripts (measured
   * in Chromium 156: scripts added with Page.addScriptToEvaluateOnNewDocument run first; see TAP_CHANNEL_SPY).
   * @param {string} url
   * @param {{ initScript?: string }} [options]
   * @returns {Promise<RawPage>}
   */
  const newPage = async (url, { initScript } = {}) => {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    await send('Page.enable', {}, sessionId);
    if (initScript) await send('Page.addScriptToEvaluateOnNewDocument', { source: initScript }, sessionId);
    const loaded = waitForEvent((m) => m.sessionId === sessionId && m.method === 'Page.loadEventFired', 30_000);
    await send('Page.navigate', { url }, sessionId);
    await loaded;
    await send('Page.disable', {}, sessionId);
    return {
      async evaluate(fn, arg) {
        const expression = `(${fn.toString()})(${JSON.stringify(arg)})`;
        const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
        if (exceptionDetails) throw new Error(`in page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
        return result.value;
      },
      /** A DevTools command in this page's session (e.g. ServiceWorker.stopAllWorkers). */
      command(method, params = {}) {
        return send(method, params, sessionId);
      },
      async close() {
        await send('Target.closeTarget', { targetId });
      },
    };
  };

  return {
    extensionId,
    newPage,
    /** CPU time (ms) used so far by this browser's processes, summed by process type. */
    cpu: () => cpuByProcessType(/** @type {number} */ (child.pid)),
    async close() {
      if (cleaned) return;
      cleaned = true;
      if (!closed) {
        await send('Browser.close').catch(() => undefined);
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      }
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * For benchmarks that must talk to the relay the way the tap does. The tap hands its private channel (a detached node,
 * see src/content/tap-channel.ts) only to the relay that says hello, so that page scripts cannot forge captures. A
 * script that runs before the tap can watch that handshake, as no real page script can (none exists at
 * document_start): it listens for the relay's hello on window in the capture phase (before the tap does) and, on the
 * node the hello carries, for the tap's answer, which names the channel. It keeps the channel in
 * window.__coinsightChannel; messages dispatched there reach the relay by the product's own path.
 */
export const TAP_CHANNEL_SPY = `window.addEventListener('coinsight:relay', (hello) => {
  hello.relatedTarget?.addEventListener('coinsight:channel', (answer) => { window.__coinsightChannel ??= answer.relatedTarget; }, { once: true });
}, true);`;

/**
 * CPU time (user + system, ms) of a process tree, from /proc, summed by Chromium process type
 * (browser, renderer, extension renderer: the worker and extension pages, network service, storage service, …).
 * Only live processes are counted: compare snapshots of a browser whose processes stay up.
 * @param {number} rootPid
 * @returns {Record<string, number>}
 */
export function cpuByProcessType(rootPid) {
  /** @type {Map<number, { ppid: number, ticks: number }>} */
  const procs = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch { /* gone */ }
  }
  /** @type {Set<number>} */
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs) if (!tree.has(pid) && tree.has(p.ppid)) { tree.add(pid); grew = true; }
  }
  /** @type {Record<string, number>} */
  const out = {};
  for (const pid of tree) {
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '); } catch { continue; }
    const type = /--type=renderer/.test(cmd) ? (/--extension-process/.test(cmd) ? 'extension renderer' : 'page renderer')
      : /--type=utility/.test(cmd) ? (/network\.mojom/.test(cmd) ? 'network service' : /storage\.mojom/.test(cmd) ? 'storage service' : 'other utility')
      : /--type=zygote/.test(cmd) ? 'zygote' : /--type=gpu/.test(cmd) ? 'gpu' : /--type=/.test(cmd) ? 'other' : pid === rootPid ? 'browser' : 'other';
    out[type] = (out[type] ?? 0) + ((procs.get(pid)?.ticks ?? 0) * 10); // CLK_TCK is 100 on Linux
  }
  return out;
}

/**
 * after − before, per key (ms).
 * @param {Record<string, number>} before @param {Record<string, number>} after
 */
export function cpuDelta(before, after) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const key of Object.keys(after)) out[key] = (after[key] ?? 0) - (before[key] ?? 0);
  return out;
}
