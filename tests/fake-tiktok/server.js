// @ts-check
/**
 * A local stand-in for www.tiktok.com and webcast.tiktok.com (one HTTPS port, routed by Host header), reproducing the
 * real shapes described in /work/shared/tiktok/README.md: endpoints, envelopes, data-e2e markers, end-result URLs and
 * embedded page state. Its data (gift ids, image hashes, prices) is its own, see catalogue.js.
 *
 * Test controls live under /__fake/ (HTTP) and on `server.control` (in-process); they are not part of TikTok.
 */
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CUSTOM_MAX, CUSTOM_MIN, GIFTS, GROUP_COUNTS, PACKAGES, exchangeFor, findGift, giftJson, localeInfo, priceFor,
} from './catalogue.js';
import { createSendGate } from './hold.js';
import { coinPage, endResultPage, homePage, livePage } from './pages.js';
import { DEFAULT_CREATOR, DEFAULT_SUGGESTED, createCreators } from './rooms.js';
import { FETCH_PATH, createWebcastRoom } from './webcast-room.js';

export * from './catalogue.js';
export { DEFAULT_CREATOR, DEFAULT_SUGGESTED };

export const ORIGIN = 'https://www.tiktok.com';
export const WEBCAST_ORIGIN = 'https://webcast.tiktok.com';
export const DEFAULT_ROOM_ID = '7300000000000000001';
/** @type {Readonly<{ uid: string, uniqueId: string, nickName: string }>} */
export const DEFAULT_VIEWER = Object.freeze({ uid: '6912345678901234567', uniqueId: 'coinsight_viewer', nickName: 'Viewer' });

/** Outcomes `control.nextSends` accepts. */
export const SEND_OUTCOMES = Object.freeze(['ok', 'insufficient', 'http500', 'network-error', 'malformed', 'truncated', 'cut', 'unknown-shape']);
/** Statuses `control.nextPayment` accepts; the success spellings are written into the end-result URL as given. */
export const PAYMENT_STATUSES = Object.freeze(['succeed', 'success', 'succeeded', 'failed']);

const CERT_DIR = fileURLToPath(new URL('./.cert/', import.meta.url));
const CERT_FILE = join(CERT_DIR, 'tiktok-v1.pem');
const SAN = 'DNS:www.tiktok.com,DNS:webcast.tiktok.com,DNS:*.tiktok.com,DNS:*.tiktokcdn.com';

/** A 1×1 transparent PNG, served for gift images when *.tiktokcdn.com is mapped here too. */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/**
 * Chromium flags mapping the TikTok hosts to the stand-in (see /work/shared/E2E.md).
 * @param {number} port
 */
export function chromiumArgs(port) {
  const rules = ['www.tiktok.com', 'webcast.tiktok.com', '*.tiktokcdn.com'].map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ');
  return [`--host-resolver-rules=${rules}`, '--ignore-certificate-errors'];
}

/**
 * Firefox prefs doing the same (every host name → 127.0.0.1, port 443 → the stand-in).
 * @param {number} port
 */
export function firefoxPrefs(port) {
  return { 'network.dns.forceResolve': '127.0.0.1', 'network.socket.forcePort': `443=${port}` };
}

/**
 * The self-signed certificate, made once with openssl into tests/fake-tiktok/.cert/ and reused.
 * Written through a temporary file and a rename, so concurrent test files never read half a file.
 * @returns {{ key: string, cert: string }}
 */
export function loadCertificate() {
  const read = () => {
    try {
      const pem = readFileSync(CERT_FILE, 'utf8');
      const key = pem.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/)?.[0];
      const cert = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/)?.[0];
      return key && cert ? { key, cert } : null;
    } catch {
      return null;
    }
  };
  const existing = read();
  if (existing) return existing;
  mkdirSync(CERT_DIR, { recursive: true });
  const tmp = mkdtempSync(join(CERT_DIR, 'tmp-'));
  try {
    const keyFile = join(tmp, 'key.pem');
    const certFile = join(tmp, 'cert.pem');
    const openssl = existsSync('/usr/bin/openssl') ? '/usr/bin/openssl' : 'openssl';
    execFileSync(openssl, [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650',
      '-subj', '/CN=www.tiktok.com', '-addext', `subjectAltName=${SAN}`,
      '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'pipe' });
    const combined = join(tmp, 'combined.pem');
    writeFileSync(combined, readFileSync(keyFile, 'utf8') + readFileSync(certFile, 'utf8'), { mode: 0o600 });
    renameSync(combined, CERT_FILE);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const made = read();
  if (!made) throw new Error(`fake-tiktok: could not create ${CERT_FILE}`);
  return made;
}

/**
 * JSON with BigInt values written as bare numbers (like TikTok's 19-digit ids), so no precision is lost in the text.
 * @param {unknown} value
 */
export function toJsonWithBigInts(value) {
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `@@bigint:${v}@@` : v));
  return text.replace(/"@@bigint:(-?\d+)@@"/g, '$1');
}

/** @param {string} s */
const asBigIntIfDigits = (s) => (/^\d{1,20}$/.test(s) ? BigInt(s) : s);

/**
 * @typedef {{ uid: string, uniqueId: string, nickName: string }} Viewer
 * @typedef {{ id?: string, nickname?: string, roomId?: string }} RoomOptions
 *
 * @typedef {object} FakeSend
 * @property {number} seq
 * @property {number} at                  server time (epoch ms)
 * @property {string} outcome             what the server did: a SEND_OUTCOMES value, or 'invalid' (unknown gift / bad count)
 * @property {boolean} forced             true when the outcome came from control.nextSends
 * @property {number} attempts            >1 when the browser retried a 'network-error' request with the same body
 * @property {number} httpStatus          0 when the socket was destroyed before any response
 * @property {number | null} statusCode   the envelope's status_code, when one was sent
 * @property {number | null} giftId
 * @property {string} roomId
 * @property {string | null} toUserId
 * @property {number} count
 * @property {number} debited             coins taken from the balance by this send (0 when none)
 * @property {number} balanceAfter
 * @property {string | null} orderId
 * @property {string | null} msgId
 * @property {number | null} groupId
 * @property {number | null} repeatCount
 * @property {boolean} answered           true once the answer was written (whole or partial); false while held, when the
 *                                        held answer was dropped (the client went away), and for 'network-error'
 * @property {string} query               the request's query string
 * @property {string} body                the raw request body
 *
 * @typedef {object} FakeOrder
 * @property {string} orderId
 * @property {string} chargeId
 * @property {string} status              the payment_status written into the end-result URL
 * @property {string | null} errorCode
 * @property {number} coins
 * @property {boolean} custom
 * @property {string} currency
 * @property {number} amountMinor         in the displayed minor unit of the locale (cents for USD, đồng for VND)
 * @property {string} priceText
 * @property {number} at
 * @property {number | null} finishTime   epoch seconds, on success
 * @property {string} redirect
 */

/**
 * Starts the stand-in.
 * @param {{ port?: number, host?: string, initialCoins?: number, locale?: string, viewer?: Viewer | null,
 *           roomId?: string, rooms?: Record<string, RoomOptions>, suggested?: string[], comboWindowMs?: number }} [options]
 */
export async function startFakeTikTok({
  port = 0,
  host = '127.0.0.1',
  initialCoins = 1000,
  locale = 'en-US',
  viewer = DEFAULT_VIEWER,
  roomId = DEFAULT_ROOM_ID,
  rooms = {},
  suggested = [...DEFAULT_SUGGESTED],
  comboWindowMs = 3000,
} = {}) {
  localeInfo(locale);
  for (const h of [...suggested, ...Object.keys(rooms)]) {
    if (!/^[A-Za-z0-9._]{1,24}$/.test(h)) throw new Error(`fake-tiktok: bad creator handle ${JSON.stringify(h)}`);
  }
  const { creatorFor, creatorsFor, suggestionsFor } = createCreators({ rooms, roomId, suggested });
  const { key, cert } = loadCertificate();

  const state = {
    balance: initialCoins,
    locale,
    /** @type {Viewer | null} */
    viewer: viewer ? { ...viewer } : null,
    /** epoch seconds of the last successful web order, 0 when none */
    lastWebOrderFinishTime: 0,
    /** @type {FakeSend[]} */
    sends: [],
    /** @type {FakeOrder[]} */
    orders: [],
    pending: {
      /** @type {string[]} */
      sends: [],
      /** @type {{ status: string, errorCode: string | null }[]} */
      payments: [],
    },
    flags: { malformedBalance: false, malformedGiftList: false, holdSends: false },
    /** gift-send answers held back by control.holdSends, not yet released or dropped */
    held: 0,
    /** every request the server saw, oldest first (last 1000) @type {{ at: number, method: string, host: string, path: string }[]} */
    requests: [],
  };

  /** The LIVE event stream (research mode): silent unless a test asks (webcast-room.js). */
  const webcastRoom = createWebcastRoom();
  /** @type {typeof state & { webcast: typeof webcastRoom.state }} */ (state).webcast = webcastRoom.state;
  /** @type {Map<string, { groupId: number, lastAt: number, repeat: number }>} */
  const streaks = new Map();
  let actualPort = port;
  /** the last send answered with 'network-error', to fail the browser's automatic retry of it the same way */
  /** @type {{ body: string, at: number, send: FakeSend } | null} */
  let lastNetworkError = null;
  let idSeq = 0;
  const gate = createSendGate(state);

  /** A fresh 19-digit id above 2^53 that a double cannot hold exactly. */
  const newId = () => {
    for (;;) {
      idSeq += 1;
      const v = 7n * 10n ** 18n + ((BigInt(Date.now()) * 100000n + BigInt(idSeq)) % 10n ** 18n);
      if (BigInt(Number(v)) !== v) return v;
    }
  };

  const control = {
    /** Queues outcomes for the next gift sends, one per send. @param {string | string[]} outcomes */
    nextSends(outcomes) {
      const list = Array.isArray(outcomes) ? outcomes : [outcomes];
      for (const o of list) if (!SEND_OUTCOMES.includes(o)) throw new Error(`fake-tiktok: unknown send outcome ${JSON.stringify(o)}`);
      state.pending.sends.push(...list);
    },
    /**
     * Sets how the next payment ends (one-shot; default 'succeed').
     * @param {string} status  'succeed' | 'success' | 'succeeded' | 'failed'
     * @param {string} [errorCode]  for 'failed' (default 3DS_REQUIRED)
     */
    nextPayment(status, errorCode) {
      if (!PAYMENT_STATUSES.includes(status)) throw new Error(`fake-tiktok: unknown payment status ${JSON.stringify(status)}`);
      state.pending.payments.push({ status, errorCode: status === 'failed' ? errorCode ?? '3DS_REQUIRED' : null });
    },
    /** @param {number} coins */
    setBalance(coins) {
      if (!Number.isSafeInteger(coins) || coins < 0) throw new Error('fake-tiktok: setBalance wants a non-negative integer');
      state.balance = coins;
    },
    malformedBalance(on = true) { state.flags.malformedBalance = !!on; },
    malformedGiftList(on = true) { state.flags.malformedGiftList = !!on; },
    /** Ends every running streak: the next combo send starts a new group_id. */
    endStreaks() { streaks.clear(); },
    /** Gift sends are processed at once, but their HTTP answers wait for releaseSends(). */
    holdSends() { gate.hold(); },
    /** Stops holding and writes every held answer (an answer whose client went away was already dropped). */
    releaseSends() { gate.release(); },
    /** Writes the oldest held answer only and keeps holding the rest; false when no answer was held. */
    releaseFirstSend() { return gate.releaseFirst(); },
    /**
     * Streams gift frames to the LIVE pages' open `/webcast/im/push` sockets (webcast-room.js); resolves with the count.
     * @param {{ frames: number, perSecond: number, senders?: number, gzipEvery?: number, roomId?: string, single?: boolean }} o
     */
    webcastStream(o) { return webcastRoom.stream(o); },
    /** @param {Viewer | null} v  null = logged out (no user in the page state) */
    setViewer(v) { state.viewer = v ? { uid: String(v.uid), uniqueId: String(v.uniqueId), nickName: String(v.nickName) } : null; },
    /** @param {string} l */
    setLocale(l) { localeInfo(l); state.locale = l; },
    /** Back to the start: initial balance, no sends, orders, queues, flags or streaks; held answers are released. */
    reset() {
      gate.release();
      state.balance = initialCoins;
      state.locale = locale;
      state.viewer = viewer ? { ...viewer } : null;
      state.lastWebOrderFinishTime = 0;
      state.sends.length = 0;
      state.orders.length = 0;
      state.pending.sends.length = 0;
      state.pending.payments.length = 0;
      state.flags.malformedBalance = false;
      state.flags.malformedGiftList = false;
      state.requests.length = 0;
      streaks.clear();
      lastNetworkError = null;
      webcastRoom.reset();
    },
  };

  /**
   * Applies a JSON control body (POST /__fake/control), keys in a fixed order.
   * @param {Record<string, any>} body
   */
  const applyControl = (body) => {
    const order = [
      'reset', 'setBalance', 'setLocale', 'setViewer', 'malformedBalance', 'malformedGiftList', 'endStreaks', 'nextSends', 'nextPayment',
      'holdSends', 'releaseSends',
    ];
    for (const k of Object.keys(body)) if (!order.includes(k)) throw new Error(`fake-tiktok: unknown control ${JSON.stringify(k)}`);
    if (body.reset) control.reset();
    if ('setBalance' in body) control.setBalance(body.setBalance);
    if ('setLocale' in body) control.setLocale(body.setLocale);
    if ('setViewer' in body) control.setViewer(body.setViewer);
    if ('malformedBalance' in body) control.malformedBalance(body.malformedBalance);
    if ('malformedGiftList' in body) control.malformedGiftList(body.malformedGiftList);
    if (body.endStreaks) control.endStreaks();
    if ('nextSends' in body) control.nextSends(body.nextSends);
    if ('nextPayment' in body) {
      const list = Array.isArray(body.nextPayment) ? body.nextPayment : [body.nextPayment];
      for (const p of list) {
        if (typeof p === 'string') control.nextPayment(p);
        else control.nextPayment(p?.status, p?.errorCode);
      }
    }
    if (body.holdSends) control.holdSends();
    if (body.releaseSends) control.releaseSends();
  };

  // ---- responses ------------------------------------------------------------------------------------------------

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {string} contentType
   * @param {string | Buffer} body
   * @param {Record<string, string>} [headers]
   */
  const send = (res, status, contentType, body, headers = {}) => {
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(buf.length), 'Cache-Control': 'no-store', ...headers });
    res.end(buf);
  };
  const JSON_TYPE = 'application/json; charset=utf-8';
  const HTML_TYPE = 'text/html; charset=utf-8';
  /** A session cookie, as a canary: the extension must never read or export it. */
  const SESSION_COOKIE = 'sessionid=fake-sessionid-never-export-me; Domain=.tiktok.com; Path=/; Secure; HttpOnly; SameSite=None';

  /**
   * CORS for the webcast host: only https://www.tiktok.com, with credentials (like the real API).
   * @param {import('node:http').IncomingMessage} req
   * @returns {Record<string, string>}
   */
  const cors = (req) => {
    const origin = req.headers.origin;
    if (origin !== ORIGIN) return { Vary: 'Origin' };
    return { 'Access-Control-Allow-Origin': ORIGIN, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
  };

  /** @param {import('node:http').IncomingMessage} req */
  const readBody = (req) =>
    new Promise((resolve, reject) => {
      /** @type {Buffer[]} */
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size > 1_000_000) { reject(new Error('body too large')); req.destroy(); return; }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  // ---- webcast.tiktok.com ---------------------------------------------------------------------------------------

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const giftList = (req, res) => {
    const now = Date.now();
    if (state.flags.malformedGiftList) return send(res, 200, JSON_TYPE, '{"status_code":0,"data":{"gifts":[{"id":5655,"na', cors(req));
    const gifts = GIFTS.map(giftJson);
    const logId = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14) + randomBytes(9).toString('hex').toUpperCase();
    const body = {
      status_code: 0,
      data: {
        gifts,
        pages: [{ page_name: 'Gifts', page_type: 1, gifts }],
        gifts_info: { gift_group_infos: GROUP_COUNTS.map((n) => ({ group_count: n })) },
      },
      extra: { now, log_id: logId },
    };
    send(res, 200, JSON_TYPE, JSON.stringify(body), cors(req));
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const walletBalance = (req, res) => {
    if (state.flags.malformedBalance) return send(res, 200, JSON_TYPE, '{"status_code":0,"data":{"coins":', cors(req));
    const body = {
      status_code: 0,
      data: {
        coins: state.balance,
        frozen_coins: 0,
        redeem_info: { coins_balance: state.balance },
        last_web_order: { finish_time: state.lastWebOrderFinishTime, device_platform: 'web' },
        exchange: exchangeFor(state.locale),
      },
      extra: { now: Date.now() },
    };
    send(res, 200, JSON_TYPE, JSON.stringify(body), cors(req));
  };

  /**
   * POST /webcast/gift/send/
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url
   */
  const giftSend = async (req, res, url) => {
    const raw = await readBody(req);
    const now = Date.now();
    // The browser may resend a POST whose keep-alive socket died before any answer: fail the retry the same way.
    if (lastNetworkError && lastNetworkError.body === raw && now - lastNetworkError.at < 10_000) {
      lastNetworkError.send.attempts += 1;
      lastNetworkError.at = now;
      req.socket.destroy();
      return;
    }
    const ctype = String(req.headers['content-type'] ?? '');
    /** @type {Record<string, string>} */
    let form = {};
    if (ctype.includes('application/json')) {
      try { form = Object.fromEntries(Object.entries(JSON.parse(raw)).map(([k, v]) => [k, String(v)])); } catch { form = {}; }
    } else {
      form = Object.fromEntries(new URLSearchParams(raw));
    }
    const forced = state.pending.sends.shift();
    const giftId = /^\d+$/.test(form.gift_id ?? '') ? Number(form.gift_id) : null;
    const gift = giftId === null ? null : findGift(giftId);
    const rid = form.room_id || url.searchParams.get('room_id') || '';
    const count = /^\d+$/.test(form.count ?? '1') ? Number(form.count ?? '1') : 0;

    /** @type {FakeSend} */
    const rec = {
      seq: state.sends.length + 1, at: now, outcome: forced ?? 'ok', forced: forced !== undefined, attempts: 1,
      httpStatus: 200, statusCode: null, giftId, roomId: rid, toUserId: form.to_user_id ?? null, count,
      debited: 0, balanceAfter: state.balance, orderId: null, msgId: null, groupId: null, repeatCount: null,
      answered: false, query: url.search.replace(/^\?/, ''), body: raw,
    };
    state.sends.push(rec);
    const headers = cors(req);
    /** Writes the answer now, or later when answers are held (control.holdSends). @param {() => boolean} write */
    const answer = (write) => gate.answer(rec, res, write);
    /** @param {number} status @param {string} contentType @param {string} text */
    const reply = (status, contentType, text) => answer(() => { send(res, status, contentType, text, headers); return true; });
    /** @param {number} code @param {string} message @param {string} prompts */
    const refuse = (code, message, prompts) => {
      rec.statusCode = code;
      reply(200, JSON_TYPE, JSON.stringify({ data: { message, prompts }, extra: { now }, status_code: code }));
    };

    switch (rec.outcome) {
      case 'network-error':
        rec.httpStatus = 0;
        return answer(() => {
          lastNetworkError = { body: raw, at: Date.now(), send: rec };
          req.socket.destroy();
          return false;
        });
      case 'http500':
        rec.httpStatus = 500;
        return reply(500, 'text/plain; charset=utf-8', 'Internal Server Error');
      case 'malformed':
        return reply(200, HTML_TYPE, '<html><head><title>Access Denied</title></head><body>Request blocked.</body></html>');
      case 'insufficient':
        return refuse(40001, 'Insufficient Fund', 'Insufficient balance');
      default:
        break;
    }

    // 'ok', 'truncated', 'cut', 'unknown-shape': the send is processed for real (debit, streak, ids).
    if (!gift || count < 1 || count > 9999) {
      rec.outcome = 'invalid';
      return refuse(40005, 'gift not found', 'This gift is not available');
    }
    const cost = gift.diamond_count * count;
    if (state.balance < cost) {
      rec.outcome = 'insufficient';
      return refuse(40001, 'Insufficient Fund', 'Insufficient balance');
    }
    state.balance -= cost;
    rec.debited = cost;
    rec.balanceAfter = state.balance;

    let groupId = 0;
    let repeat = 1;
    if (gift.combo) {
      const k = `${rid}|${gift.id}`;
      const s = streaks.get(k);
      if (s && now - s.lastAt <= comboWindowMs) {
        s.repeat += 1;
        s.lastAt = now;
        groupId = s.groupId;
        repeat = s.repeat;
      } else {
        streaks.set(k, { groupId: now, lastAt: now, repeat: 1 });
        groupId = now;
      }
    }
    const orderId = newId();
    const msgId = newId();
    rec.orderId = orderId.toString();
    rec.msgId = msgId.toString();
    rec.groupId = groupId;
    rec.repeatCount = repeat;
    rec.statusCode = 0;

    if (rec.outcome === 'unknown-shape') {
      const body = {
        status_code: 0,
        data: { send_result: { gift: { gift_id_str: String(gift.id) }, wallet: { balance_str: String(state.balance) }, ticket: orderId } },
        extra: { now },
      };
      return reply(200, JSON_TYPE, toJsonWithBigInts(body));
    }

    const body = toJsonWithBigInts({
      status_code: 0,
      data: {
        gift_id: gift.id,
        repeat_count: repeat,
        combo_count: repeat,
        group_count: count,
        group_id: groupId,
        msg_id: msgId,
        order_id: orderId,
        left_diamond: state.balance,
        gifts: [{ gift: giftJson(gift) }],
        room_id: asBigIntIfDigits(rid),
      },
      extra: { now },
    });
    if (rec.outcome === 'truncated') return reply(200, JSON_TYPE, body.slice(0, Math.floor(body.length / 2)));
    if (rec.outcome === 'cut') {
      // Headers promise the whole body; half of it arrives, then the connection drops.
      return answer(() => {
        const buf = Buffer.from(body, 'utf8');
        res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': String(buf.length), 'Cache-Control': 'no-store', ...headers });
        res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => setTimeout(() => req.socket.destroy(), 20));
        return true;
      });
    }
    reply(200, JSON_TYPE, body);
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
  const webcast = async (req, res, url) => {
    const path = url.pathname.replace(/\/+$/, '');
    if (req.method === 'OPTIONS') {
      /** @type {Record<string, string>} */
      const h = { ...cors(req), 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Max-Age': '600' };
      const asked = req.headers['access-control-request-headers'];
      if (asked) h['Access-Control-Allow-Headers'] = String(asked);
      res.writeHead(204, h);
      res.end();
      return true;
    }
    if (path === '/webcast/gift/list' && req.method === 'GET') { giftList(req, res); return true; }
    if (path.startsWith(FETCH_PATH) && req.method === 'GET') { send(res, 200, 'application/protobuffer', webcastRoom.backlog(url), cors(req)); return true; }
    if (path === '/webcast/wallet_api/fs/diamond_buy/permission_v2' && req.method === 'GET') { walletBalance(req, res); return true; }
    if (path === '/webcast/gift/send') {
      if (req.method !== 'POST') { send(res, 405, 'text/plain', 'Method Not Allowed', { ...cors(req), Allow: 'POST' }); return true; }
      await giftSend(req, res, url);
      return true;
    }
    return false;
  };

  // ---- www.tiktok.com -------------------------------------------------------------------------------------------

  /**
   * POST /__fake/coin/pay: what the cashier's "Pay now" calls (stands in for the payment provider).
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   */
  const pay = async (req, res) => {
    /** @type {any} */
    let body;
    try { body = JSON.parse(await readBody(req)); } catch { body = null; }
    const coins = Number(body?.coins);
    const custom = !!body?.custom;
    const valid = Number.isSafeInteger(coins) && (custom ? coins >= CUSTOM_MIN && coins <= CUSTOM_MAX : PACKAGES.includes(coins));
    if (!valid) return send(res, 400, JSON_TYPE, JSON.stringify({ error: 'bad coins' }));
    const price = priceFor(coins, state.locale, custom);
    const next = state.pending.payments.shift() ?? { status: 'succeed', errorCode: null };
    const now = Date.now();
    const orderId = newId().toString();
    const chargeId = `ch_${randomBytes(12).toString('hex')}`;
    const ok = next.status !== 'failed';
    const q = ok
      ? new URLSearchParams({ payment_status: next.status, order_id: orderId, charge_id: chargeId, pay_method: 'card' })
      : new URLSearchParams({ payment_status: 'failed', error_code: next.errorCode ?? '3DS_REQUIRED', order_id: orderId });
    const redirect = `${ORIGIN}/coin/end-result?${q}`;
    if (ok) {
      state.balance += coins;
      state.lastWebOrderFinishTime = Math.floor(now / 1000);
    }
    state.orders.push({
      orderId, chargeId, status: next.status, errorCode: ok ? null : next.errorCode, coins, custom,
      currency: price.currency, amountMinor: price.minor, priceText: price.text, at: now,
      finishTime: ok ? state.lastWebOrderFinishTime : null, redirect,
    });
    send(res, 200, JSON_TYPE, JSON.stringify({ ok, order_id: orderId, redirect }));
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
  const www = async (req, res, url) => {
    const path = url.pathname;
    const html = { 'Set-Cookie': SESSION_COOKIE };
    if (path === '/__fake/health') { send(res, 200, JSON_TYPE, JSON.stringify({ ok: true, port: actualPort })); return true; }
    if (path === '/__fake/state' && req.method === 'GET') { send(res, 200, JSON_TYPE, JSON.stringify(state)); return true; }
    if (path === '/__fake/control' && req.method === 'POST') {
      try {
        applyControl(JSON.parse((await readBody(req)) || '{}'));
        send(res, 200, JSON_TYPE, JSON.stringify(state));
      } catch (e) {
        send(res, 400, JSON_TYPE, JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
      }
      return true;
    }
    if (path === '/__fake/coin/pay' && req.method === 'POST') { await pay(req, res); return true; }
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const live = path.match(/^\/@([A-Za-z0-9._]{1,24})\/live\/?$/);
    if (live) {
      const handle = /** @type {string} */ (live[1]);
      const creators = creatorsFor(handle);
      const suggestions = Object.fromEntries(Object.keys(creators).map((h) => [h, suggestionsFor(h)]));
      send(res, 200, HTML_TYPE, livePage({ viewer: state.viewer, creator: creatorFor(handle), creators, suggestions, locale: state.locale }), html);
      return true;
    }
    if (path === '/coin' || path === '/coin/') { send(res, 200, HTML_TYPE, coinPage({ viewer: state.viewer, locale: state.locale }), html); return true; }
    if (path === '/coin/end-result' || path === '/coin/end-result/') {
      send(res, 200, HTML_TYPE, endResultPage({ viewer: state.viewer, locale: state.locale }), html);
      return true;
    }
    if (path === '/') { send(res, 200, HTML_TYPE, homePage(state.locale), html); return true; }
    if (path === '/favicon.ico') { send(res, 204, 'image/x-icon', ''); return true; }
    return false;
  };

  // ---- /__bench/ (any host): only for `npm run bench` (bench/), not part of TikTok -------------------------------

  /**
   * GET /__bench/page: an empty www.tiktok.com page for in-page timing loops (the content scripts match it);
   * GET /__bench/ping: the smallest JSON answer, a request the tap must leave alone (not a tracked endpoint).
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url
   */
  const bench = (req, res, url) => {
    if (req.method !== 'GET') return false;
    if (url.pathname === '/__bench/page') {
      send(res, 200, HTML_TYPE, '<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><p>bench</p></body></html>');
      return true;
    }
    if (url.pathname === '/__bench/ping') { send(res, 200, JSON_TYPE, '{"ok":true}', cors(req)); return true; }
    return false;
  };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const handle = async (req, res) => {
    const hostHeader = String(req.headers.host ?? '').toLowerCase();
    const hostname = hostHeader.replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${hostname || 'www.tiktok.com'}`);
    state.requests.push({ at: Date.now(), method: req.method ?? '', host: hostname, path: url.pathname + url.search });
    if (state.requests.length > 1000) state.requests.splice(0, state.requests.length - 1000);

    let handled = false;
    if (url.pathname.startsWith('/__bench/')) handled = bench(req, res, url);
    else if (hostname === 'www.tiktok.com') handled = await www(req, res, url);
    else if (hostname === 'webcast.tiktok.com') handled = await webcast(req, res, url);
    else if (hostname.endsWith('.tiktokcdn.com')) {
      if (url.pathname.startsWith('/img/')) { send(res, 200, 'image/png', PNG_1X1, { 'Access-Control-Allow-Origin': '*' }); handled = true; }
    } else if (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]') {
      // Health checks and CLI use: both hosts' routes answer here.
      handled = url.pathname.startsWith('/webcast/') ? await webcast(req, res, url) : await www(req, res, url);
    } else {
      send(res, 421, 'text/plain', `Misdirected Request: this stand-in serves www.tiktok.com and webcast.tiktok.com, not ${hostname}`);
      return;
    }
    if (!handled) send(res, 404, 'text/plain; charset=utf-8', 'Not Found');
  };

  const server = https.createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `fake-tiktok error: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  });
  server.on('tlsClientError', () => { /* browsers probing with other SNI, aborted handshakes: ignore */ });
  server.on('upgrade', (req, socket) => {
    const url = new URL(req.url ?? '/', `https://${String(req.headers.host ?? 'webcast.tiktok.com').replace(/:\d+$/, '')}`);
    if (!webcastRoom.upgrade(req, socket, url)) socket.destroy();
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(undefined); });
  });
  const address = server.address();
  if (typeof address === 'object' && address) actualPort = address.port;

  return {
    port: actualPort,
    /** @type {'https://www.tiktok.com'} */
    origin: ORIGIN,
    webcastOrigin: WEBCAST_ORIGIN,
    /** for tools that do not map host names: https://127.0.0.1:<port> (both hosts' routes answer there) */
    localOrigin: `https://127.0.0.1:${actualPort}`,
    state,
    control,
    /** The creator (id, nickname, room id) of `handle`'s LIVE page, as the pages embed it. @param {string} handle */
    creator: (handle) => creatorFor(handle),
    /** Chromium flags mapping the TikTok hosts to this server. */
    chromiumArgs: () => chromiumArgs(actualPort),
    /** Firefox prefs mapping every host to this server. */
    firefoxPrefs: () => firefoxPrefs(actualPort),
    /** @returns {Promise<void>} */
    close() {
      return new Promise((resolve) => {
        webcastRoom.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
