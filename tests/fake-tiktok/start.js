#!/usr/bin/env node
// @ts-check
/**
 * Runs the fake TikTok standalone until Ctrl-C.
 *   node tests/fake-tiktok/start.js [--port 8443] [--coins 1000] [--locale en-US]
 */
import { parseArgs } from 'node:util';
import { LOCALES, startFakeTikTok } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8443' },
    coins: { type: 'string', default: '1000' },
    locale: { type: 'string', default: 'en-US' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`usage: node tests/fake-tiktok/start.js [--port 8443] [--coins 1000] [--locale ${Object.keys(LOCALES).join('|')}]`);
  process.exit(0);
}

const server = await startFakeTikTok({
  port: Number(values.port),
  initialCoins: Number(values.coins),
  locale: values.locale,
});
const p = server.port;
const [rules, ignore] = server.chromiumArgs();
const ff = server.firefoxPrefs();

console.log(`fake TikTok listening on 127.0.0.1:${p} (HTTPS, self-signed; Host www.tiktok.com, webcast.tiktok.com)
port: ${p}

Chromium:
  chromium --user-data-dir=$(mktemp -d) '${rules}' ${ignore} https://www.tiktok.com/@creator/live

Firefox prefs:
  network.dns.forceResolve = ${ff['network.dns.forceResolve']}
  network.socket.forcePort = ${ff['network.socket.forcePort']}

Pages:     https://www.tiktok.com/@creator/live   https://www.tiktok.com/coin
Controls:  curl -sk https://127.0.0.1:${p}/__fake/state
           curl -sk https://127.0.0.1:${p}/__fake/control -H 'content-type: application/json' -d '{"nextSends":["insufficient"]}'
Ctrl-C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
