import { describe, expect, it } from 'vitest';
import { forgetTab, onTabUpdated, type SessionArea } from './live-visits';

function fakeSession(): SessionArea & { items: Record<string, unknown>; writes: number } {
  const area = {
    items: {} as Record<string, unknown>,
    writes: 0,
    async get(key: string) {
      await Promise.resolve();
      return key in area.items ? { [key]: area.items[key] } : {};
    },
    async set(items: Record<string, unknown>) {
      await Promise.resolve();
      area.writes++;
      Object.assign(area.items, items);
    },
    async remove(key: string) {
      await Promise.resolve();
      area.writes++;
      delete area.items[key];
    },
  };
  return area;
}

const LIVE_A = 'https://www.tiktok.com/@creator_a/live';
const LIVE_B = 'https://www.tiktok.com/@creator_b/live';

describe('the LIVE each tab shows', () => {
  it('notes the creator and the time a tab entered, keeps it across a reload, restarts it on another LIVE', async () => {
    const session = fakeSession();
    let clock = 1_000;
    const updated = onTabUpdated(session, () => clock);
    await updated(7, { status: 'loading', url: LIVE_A }, { url: LIVE_A });
    expect(session.items['liveVisit:7']).toEqual({ handle: 'creator_a', enteredAt: 1_000 });

    clock = 2_000;
    await updated(7, { status: 'loading' }, { url: LIVE_A }); // a reload: same room
    expect(session.items['liveVisit:7']).toEqual({ handle: 'creator_a', enteredAt: 1_000 });

    clock = 3_000;
    await updated(7, { url: LIVE_B }, { url: LIVE_B }); // the web app's client-side move
    expect(session.items['liveVisit:7']).toEqual({ handle: 'creator_b', enteredAt: 3_000 });
  });

  it('forgets the visit when the tab leaves for a page that is not a LIVE, readable or not, or closes', async () => {
    const session = fakeSession();
    const updated = onTabUpdated(session, () => 5);
    await updated(1, { url: LIVE_A }, { url: LIVE_A });
    await updated(1, { url: 'https://www.tiktok.com/coin' }, { url: 'https://www.tiktok.com/coin' });
    expect(session.items).toEqual({});

    await updated(2, { url: LIVE_A }, { url: LIVE_A });
    await updated(2, { status: 'loading' }, {}); // another site: no URL reported without a host permission
    expect(session.items).toEqual({});

    await updated(3, { url: LIVE_B }, { url: LIVE_B });
    await forgetTab(session, 3);
    expect(session.items).toEqual({});
  });

  it('keeps tabs apart, ignores title and sound changes, and lets the last of a burst of events win', async () => {
    const session = fakeSession();
    const updated = onTabUpdated(session, () => 9);
    expect(updated(4, { title: 'x' } as { url?: string }, { url: LIVE_A })).toBeUndefined();
    expect(session.writes).toBe(0);
    // Fired without waiting, as the browser does: queued per tab, applied in order.
    void updated(4, { url: LIVE_A }, { url: LIVE_A });
    void updated(5, { url: LIVE_B }, { url: LIVE_B });
    await updated(4, { url: 'https://www.tiktok.com/foryou' }, { url: 'https://www.tiktok.com/foryou' });
    await updated(5, { status: 'loading' }, { url: LIVE_B });
    expect(session.items).toEqual({ 'liveVisit:5': { handle: 'creator_b', enteredAt: 9 } });
  });

  it('starts afresh over a damaged stored value', async () => {
    const session = fakeSession();
    session.items['liveVisit:6'] = { handle: 42 };
    await onTabUpdated(session, () => 11)(6, { url: LIVE_A }, { url: LIVE_A });
    expect(session.items['liveVisit:6']).toEqual({ handle: 'creator_a', enteredAt: 11 });
  });
});
