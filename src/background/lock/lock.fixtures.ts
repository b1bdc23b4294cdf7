/** A worker's lock for unit tests: a fresh database, in-memory storage areas, a clock the test moves, the real router. */
import { vi } from 'vitest';
import { envelope, messages, type MessageName, type PayloadOf, type Reply, type ReplyOf } from '../../platform/protocol';
import { freshDb } from '../recorder.fixtures';
import { lockHandlers } from '../handlers/lock';
import { route, type Handlers } from '../router';
import type { SenderFacts } from '../sender';
import { lockGate, storedFrom } from './gate';
import { LockStore } from './store';

export class MemoryArea {
  items = new Map<string, unknown>();
  async get(keys: string | string[] | null) {
    const wanted = keys === null ? [...this.items.keys()] : Array.isArray(keys) ? keys : [keys];
    return Object.fromEntries(wanted.filter((key) => this.items.has(key)).map((key) => [key, this.items.get(key)]));
  }
  async set(items: Record<string, unknown>) {
    for (const [key, value] of Object.entries(items)) this.items.set(key, structuredClone(value));
  }
  async remove(keys: string | string[]) {
    for (const key of Array.isArray(keys) ? keys : [keys]) this.items.delete(key);
  }
  async clear() {
    this.items.clear();
  }
}

const EXTENSION_ID = 'kbfnbcaeplbcioakkpcpgfkobkghlhen';
const BASE = `chrome-extension://${EXTENSION_ID}/`;
export const OPTIONS: SenderFacts = { id: EXTENSION_ID, url: `${BASE}src/options/index.html`, origin: `chrome-extension://${EXTENSION_ID}`, tab: { id: 8 } };
export const RELAY: SenderFacts = { id: EXTENSION_ID, url: 'https://www.tiktok.com/@someone/live', origin: 'https://www.tiktok.com', tab: { id: 7 } };
export const T0 = Date.UTC(2026, 11, 2, 12);

/**
 * The lock's handlers are real; every other handler is a spy answering `{ done: name }`, so a test sees whether the
 * gate let a message through. `local` holds the limits and settings the gate compares with.
 */
export function lockedWorker() {
  const db = freshDb();
  const local = new MemoryArea();
  const session = new MemoryArea();
  const clock = { at: T0, now: () => clock.at };
  const alarms = { create: vi.fn(), clear: vi.fn() };
  const store = new LockStore({ db, session, clock, alarms });
  const door = lockGate(store, storedFrom(local));
  const others = Object.fromEntries(Object.keys(messages).map((name) => [name, vi.fn(async () => ({ done: name }))])) as unknown as Handlers;
  const handlers = door.logged({ ...others, ...lockHandlers(store) });
  async function send<N extends MessageName>(name: N, payload: PayloadOf<N>, sender: SenderFacts = OPTIONS): Promise<Reply<ReplyOf<N>>> {
    return route(envelope(name, payload), sender, { extensionId: EXTENSION_ID, extensionBaseUrl: BASE, handlers, gate: door.gate }) as Promise<Reply<ReplyOf<N>>>;
  }
  async function ok<N extends MessageName>(name: N, payload: PayloadOf<N>): Promise<ReplyOf<N>> {
    const reply = await send(name, payload);
    if (!reply.ok) throw new Error(`${name} refused: ${reply.error}`);
    return reply.value;
  }
  /** The kinds logged, sorted (rows written at the same instant have no order). */
  const activity = async () => (await db.activity.toArray()).map((row) => row.kind).sort();
  return { db, local, session, clock, alarms, store, send, ok, activity };
}
