import { describe, expect, it, vi } from 'vitest';
import { FrameBatcher, toBase64 } from './batch';
import { Forwarder, RESEARCH_FRAMES_TYPE } from './forward';
import { MAX_FRAME_BYTES } from '../../platform/research-wire';

const frame = (at: number, data = 'AAEC') => ({ source: 'push', at, url: 'wss://x/webcast/im/push/?room_id=1', data });
const message = (frames: unknown[], dropped = 0) => JSON.stringify({ v: 1, frames, dropped });

/** Timers run by hand. */
function manual() {
  const due: (() => void)[] = [];
  return { schedule: (run: () => void) => void due.push(run), run: () => due.splice(0).forEach((f) => f()), get pending() { return due.length; } };
}

describe('FrameBatcher (the hook)', () => {
  it('copies array buffers, keeps blobs, ignores text, and posts one JSON batch in arrival order after the timer', async () => {
    const posted: string[] = [];
    const timers = manual();
    const batcher = new FrameBatcher((json) => posted.push(json), timers.schedule, () => 42);
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    batcher.take('push', 'u', buffer);
    new Uint8Array(buffer)[0] = 9; // the page changes (or transfers) its buffer afterwards
    batcher.take('push', 'u', new Blob([new Uint8Array([4, 5])]));
    batcher.take('push', 'u', 'a text frame');
    expect(posted).toEqual([]);
    expect(timers.pending).toBe(1);
    timers.run();
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(JSON.parse(posted[0]!)).toEqual({ v: 1, dropped: 0, frames: [
      { source: 'push', at: 42, url: 'u', data: toBase64(new Uint8Array([1, 2, 3])) },
      { source: 'push', at: 42, url: 'u', data: toBase64(new Uint8Array([4, 5])) },
    ] });
  });

  it('drops and counts frames over the size cap; never throws into the page', async () => {
    const posted: string[] = [];
    const timers = manual();
    const batcher = new FrameBatcher((json) => posted.push(json), timers.schedule);
    batcher.take('push', 'u', new ArrayBuffer(MAX_FRAME_BYTES + 1));
    expect(() => batcher.take('push', 'u', { get byteLength(): number { throw new Error('hostile'); } })).not.toThrow();
    timers.run();
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(JSON.parse(posted[0]!)).toMatchObject({ frames: [], dropped: 1 });
  });
});

describe('Forwarder (the research relay)', () => {
  it('waits for the setting, sends checked frames, keeps a batch until acknowledged and retries it', async () => {
    const sent: unknown[] = [];
    let answer: unknown = { ok: false, error: 'busy', retryable: true };
    const timers = manual();
    const forwarder = new Forwarder({ sendMessage: async (m) => { sent.push(structuredClone(m)); return answer; } }, () => 'https://www.tiktok.com/@c/live', timers.schedule);
    forwarder.receive(message([frame(1), { source: 'push', at: 1, url: 'u', data: 'not base64!' }, 'junk']));
    expect(sent).toEqual([]);
    forwarder.setEnabled(true);
    await vi.waitFor(() => expect(timers.pending).toBe(1));
    expect(sent[0]).toEqual({ type: RESEARCH_FRAMES_TYPE, payload: { pageUrl: 'https://www.tiktok.com/@c/live', frames: [frame(1)], dropped: 2 } });
    answer = { ok: true, value: {} };
    timers.run();
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual(sent[0]);
    forwarder.receive(message([frame(2)]));
    await vi.waitFor(() => expect(sent).toHaveLength(3));
    expect((sent[2] as { payload: { frames: unknown[]; dropped: number } }).payload).toMatchObject({ frames: [frame(2)], dropped: 0 });
  });

  it('off: forgets what is queued and ignores frames; on again: never sends what the page received while off', async () => {
    const sent: { payload: { frames: { at: number }[] } }[] = [];
    const forwarder = new Forwarder({ sendMessage: async (m) => { sent.push(m as never); return { ok: true, value: {} }; } }, () => 'p');
    forwarder.setEnabled(false);
    forwarder.receive(message([frame(Date.now())]));
    const beforeOn = Date.now() - 1;
    forwarder.setEnabled(true);
    forwarder.receive(message([frame(beforeOn), frame(Date.now() + 5)]));
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.payload.frames.map((f) => f.at)).toEqual([expect.any(Number)]);
    expect(sent[0]!.payload.frames[0]!.at).toBeGreaterThan(beforeOn);
  });

  it('a refusal for good (research mode off in the worker) drops the batch instead of retrying', async () => {
    let calls = 0;
    const timers = manual();
    const forwarder = new Forwarder({ sendMessage: async () => { calls++; return { ok: false, error: 'refused: research mode is off', retryable: false }; } }, () => 'p', timers.schedule);
    forwarder.setEnabled(true);
    forwarder.receive(message([frame(1)]));
    await vi.waitFor(() => expect(calls).toBe(1));
    expect(timers.pending).toBe(0);
  });
});
