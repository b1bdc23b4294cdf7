/**
 * The relay's end of the handshake and the counting of forged events, with Node's own EventTarget standing in for the
 * DOM (the real thing, in Chromium and Firefox, is covered by tests/e2e/forgery.e2e.ts and update.e2e.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Observation } from '../../platform/observations';
import { CHANNEL_EVENT, HELLO_EVENT, READY_EVENT, RELAY_EVENT, TAP_EVENT } from '../tap-channel';
import { createGate } from '../tap/gate';
import { connectToTap } from './channel';
import { FORGED_REASON, FORGERY_WINDOW_MS, forgeryCounter } from './forgeries';
import { claimTab } from './instance';

class FakeMouseEvent extends Event {
  readonly relatedTarget: EventTarget | null;
  constructor(type: string, init: { relatedTarget?: EventTarget | null } = {}) {
    super(type);
    this.relatedTarget = init.relatedTarget ?? null;
  }
}

/** A document: an event target that makes detached nodes. */
function fakeDocument(readyState: DocumentReadyState): Document {
  const doc = new EventTarget() as EventTarget & { createElement(): EventTarget; readyState: DocumentReadyState };
  doc.createElement = () => new EventTarget();
  doc.readyState = readyState;
  return doc as unknown as Document;
}

/** The tap's answer to a hello: a channel of its own, then (like the real one) its replay, at once. */
function answerHellos(doc: Document, replay: string[] = []): EventTarget[] {
  const channels: EventTarget[] = [];
  doc.addEventListener(HELLO_EVENT, (event) => {
    const channel = new EventTarget();
    (event as FakeMouseEvent).relatedTarget!.dispatchEvent(new FakeMouseEvent(CHANNEL_EVENT, { relatedTarget: channel }));
    channels.push(channel);
    for (const detail of replay) channel.dispatchEvent(new CustomEvent(TAP_EVENT, { detail }));
  });
  return channels;
}

const tapEvent = (detail: string) => new CustomEvent(TAP_EVENT, { detail });

describe('connectToTap', () => {
  beforeEach(() => vi.stubGlobal('MouseEvent', FakeMouseEvent));
  afterEach(() => vi.unstubAllGlobals());

  function connect(doc: Document) {
    const received: unknown[] = [];
    let forged = 0;
    const life = new AbortController();
    const toTap = connectToTap({ onMessage: (raw) => received.push(raw), onForged: () => forged++, signal: life.signal }, doc);
    return { received, forged: () => forged, life, toTap };
  }

  it('talks to the tap both ways on the tap\'s node: the guard state and verdicts go down as JSON strings, holds come up', () => {
    const doc = fakeDocument('loading');
    const relay = connect(doc);
    relay.toTap({ v: 1, kind: 'verdict', id: 1, go: true }); // no channel yet: dropped, nothing thrown
    const channels = answerHellos(doc);
    doc.dispatchEvent(new Event(READY_EVENT));
    const posted: string[] = [];
    const gate = createGate({ post: (message) => posted.push(JSON.stringify(message)), now: () => 5, pageHandle: () => null, pageUrl: () => 'https://www.tiktok.com/@x/live' });
    channels[0]!.addEventListener(RELAY_EVENT, (event) => gate.receive((event as CustomEvent<unknown>).detail));
    const heard: unknown[] = [];
    doc.addEventListener(RELAY_EVENT, (event) => heard.push(event)); // a page script listening on document hears nothing

    const rule = { id: 'r1', action: 'confirm', scope: 'all', left: 0, cap: { kind: 'coins', coins: 0 }, period: 'day', resetsAt: 9, overridesLeft: 0, confirmDelaySeconds: 0 } as const;
    relay.toTap({ v: 1, kind: 'guard', state: { v: 1, madeAt: 0, spentThrough: 0, rules: [rule] }, prices: [[5655, 1]] });
    let outcome = 'held';
    expect(gate.admit('https://webcast.tiktok.com/webcast/gift/send/', 'gift_id=5655&count=1', () => (outcome = 'go'), () => (outcome = 'failed'))).toBe(false);
    // The hold goes up the same channel as exchanges do.
    for (const json of posted) channels[0]!.dispatchEvent(tapEvent(json));
    const hold = JSON.parse(relay.received.at(-1) as string) as { kind: string; id: number; send: { coins: number } };
    expect(hold).toMatchObject({ kind: 'hold', send: { coins: 1, giftId: 5655, ruleIds: ['r1'] } });
    relay.toTap({ v: 1, kind: 'verdict', id: hold.id, go: true });
    expect(outcome).toBe('go');
    expect(heard).toEqual([]);
  });

  it('takes the tap’s channel, receives the replay and later messages on it, and counts events on document as forgeries', () => {
    const doc = fakeDocument('loading');
    const channels = answerHellos(doc, ['kept-1', 'kept-2']);
    const relay = connect(doc);
    expect(channels).toHaveLength(1);
    channels[0]!.dispatchEvent(tapEvent('live'));
    doc.dispatchEvent(tapEvent('forged'));
    expect(relay.received).toEqual(['kept-1', 'kept-2', 'live']);
    expect(relay.forged()).toBe(1);
  });

  it('keeps the first channel it was handed and ignores later answers (a page script answering too)', () => {
    const doc = fakeDocument('loading');
    const tap = answerHellos(doc);
    const impostor = new EventTarget();
    doc.addEventListener(HELLO_EVENT, (event) => (event as FakeMouseEvent).relatedTarget!.dispatchEvent(new FakeMouseEvent(CHANNEL_EVENT, { relatedTarget: impostor })));
    const relay = connect(doc);
    impostor.dispatchEvent(tapEvent('forged on the impostor'));
    tap[0]!.dispatchEvent(tapEvent('from the tap'));
    expect(relay.received).toEqual(['from the tap']);
  });

  it('says hello again when a tap that started after it announces itself', () => {
    const doc = fakeDocument('loading');
    const relay = connect(doc);
    doc.dispatchEvent(tapEvent('before the tap: not a tap of 0.1.0 at document_start'));
    const channels = answerHellos(doc, ['kept']);
    doc.dispatchEvent(new CustomEvent(READY_EVENT));
    doc.dispatchEvent(new CustomEvent(READY_EVENT)); // a second announcement (or a forged one) opens nothing new
    expect(channels).toHaveLength(1);
    channels[0]!.dispatchEvent(tapEvent('live'));
    expect(relay.received).toEqual(['kept', 'live']);
    expect(relay.forged()).toBe(1);
  });

  it('believes the public event beside a tap of 0.1.0 (injected into a loaded page nobody answers), until a channel opens', () => {
    const doc = fakeDocument('complete');
    const relay = connect(doc);
    doc.dispatchEvent(tapEvent('from a tap of 0.1.0'));
    expect(relay.received).toEqual(['from a tap of 0.1.0']);
    const channels = answerHellos(doc);
    doc.dispatchEvent(new CustomEvent(READY_EVENT));
    doc.dispatchEvent(tapEvent('now a forgery'));
    channels[0]!.dispatchEvent(tapEvent('live'));
    expect(relay.received).toEqual(['from a tap of 0.1.0', 'live']);
    expect(relay.forged()).toBe(1);
  });

  it('stops listening everywhere when its signal aborts (the extension went away)', () => {
    const doc = fakeDocument('loading');
    const channels = answerHellos(doc);
    const relay = connect(doc);
    relay.life.abort();
    channels[0]!.dispatchEvent(tapEvent('after'));
    doc.dispatchEvent(tapEvent('after'));
    expect(relay.received).toEqual([]);
    expect(relay.forged()).toBe(0);
  });
});

describe('forgeryCounter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports a flood as one diagnostic per second, with its count', () => {
    const emitted: Observation[] = [];
    let clock = 1_741_806_317_000;
    const counter = forgeryCounter((observations) => emitted.push(...observations), () => clock);
    for (let i = 0; i < 5_000; i++) counter.count();
    expect(emitted).toEqual([]);
    vi.advanceTimersByTime(FORGERY_WINDOW_MS);
    expect(emitted).toEqual([expect.objectContaining({ type: 'diagnostic', endpoint: 'relay', reason: FORGED_REASON, count: 5_000, at: 1_741_806_317_000 })]);
    clock += 1_500;
    counter.count();
    counter.count();
    counter.flush(); // the page is going away
    vi.advanceTimersByTime(FORGERY_WINDOW_MS);
    expect(emitted).toHaveLength(2);
    expect(emitted[1]).toMatchObject({ count: 2, at: clock });
    expect(emitted[1]!.id).not.toBe(emitted[0]!.id);
  });
});

describe('claimTab', () => {
  it('lets one live relay run per extension instance, and a new one take over from a dead one', () => {
    const world = {};
    let firstAlive = true;
    expect(claimTab(() => firstAlive, world)).toBe(true);
    expect(claimTab(() => true, world)).toBe(false);
    firstAlive = false;
    expect(claimTab(() => true, world)).toBe(true);
    expect(claimTab(() => true, world)).toBe(false);
  });
});
