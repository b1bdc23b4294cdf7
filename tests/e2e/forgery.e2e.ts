/**
 * What a page script can no longer do (Chromium): forge captures, make the tap report content the network did not
 * send, turn a pushState into a payment, or move a gift to the creator of the page it navigated to afterwards.
 * Everything it tries is counted as a diagnostic, and the ledger holds exactly the real sends.
 */
import { describe, expect, it } from 'vitest';
import type { GiftEntry, LedgerEntry } from '../../src/core/ledger';
import { openExtensionPage, readStore, waitFor, waitForEverySuccessfulSend, withChromium } from './harness';
import { ROSE, openLive, sendGift } from './live-page';

const FORGED_REASON = 'forged capture event (not from the tap)';
const MOVED_REASON = 'end-result URL without a page load';

interface DiagnosticRow { endpoint: string; reason: string; count?: number }

describe('forging from the page', () => {
  const suite = withChromium({ initialCoins: 1_000 });

  it('changes no entry, and is counted', async () => {
    const page = await suite.session.context.newPage();
    await openLive(page);
    expect(await sendGift(page, ROSE)).toBe('ok');
    const reader = await openExtensionPage(suite.session, 'src/options/index.html');
    await waitForEverySuccessfulSend(suite.site, reader);

    // 1. Forged captures on document, in the tap's old wire format: a gift dated 1970, one dated in the year 275760,
    //    one reusing the real gift's order id with other content, then a flood of gifts of a billion coins each.
    const real = suite.site.state.sends.at(-1)!.orderId!;
    await page.evaluate(({ count, real }) => {
      const forge = (orderId: string, coins: number, at: number) => {
        const response = `{"status_code":0,"data":{"order_id":${orderId},"gift_id":5655,"left_diamond":1,"gifts":[{"gift":{"id":5655,"name":"Rose","diamond_count":${coins}}}]}}`;
        const exchange = { endpoint: 'gift-send', url: 'https://webcast.tiktok.com/webcast/gift/send/?room_id=1', method: 'POST', status: 200, requestBody: 'gift_id=5655&count=1', responseText: response, at };
        document.dispatchEvent(new CustomEvent('coinsight:tap', { detail: JSON.stringify({ v: 1, kind: 'exchange', exchange }) }));
      };
      forge('7400000000000000002', 1, 0);
      forge('7400000000000000003', 1, 8_640_000_000_000_000);
      forge(real, 30_000, Date.now());
      for (let i = 0; i < count; i++) forge('7400000000000000001', 1_000_000_000, Date.now());
    }, { count: 5_000, real });

    // 2. Built-ins replaced after document_start, to rewrite what the tap reads and sends: prices multiplied, every
    //    serialisation swapped for a forged message, every Response a promise hands over replaced by a forged one.
    await page.evaluate(() => {
      const forged = '{"v":1,"kind":"exchange","exchange":{"endpoint":"gift-send","url":"https://webcast.tiktok.com/webcast/gift/send/","method":"POST","status":200,"requestBody":"","responseText":"{}","at":1}}';
      const stringify = JSON.stringify;
      JSON.stringify = ((value: unknown) => (typeof value === 'object' && value !== null && 'kind' in value ? forged : stringify(value))) as typeof JSON.stringify;
      Object.defineProperty(Object.prototype, 'toJSON', { value() { return JSON.parse(forged); }, configurable: true, writable: true });
      const text = Response.prototype.text;
      Response.prototype.text = function (this: Response) {
        return text.call(this).then((body) => body.replace(/"diamond_count":1\b/g, '"diamond_count":30000'));
      };
      const then = Promise.prototype.then;
      Promise.prototype.then = function (this: Promise<unknown>, ok?: ((value: unknown) => unknown) | null, ko?: ((reason: unknown) => unknown) | null) {
        const swap = ok && ((value: unknown) => ok(value instanceof Response ? new Response(value.body, { status: 200 }) : value));
        return then.call(this, swap, ko) as Promise<never>;
      } as typeof Promise.prototype.then;
      const dispatch = EventTarget.prototype.dispatchEvent;
      EventTarget.prototype.dispatchEvent = function (this: EventTarget, event: Event) {
        return dispatch.call(this, event.type === 'coinsight:tap' ? new CustomEvent('coinsight:tap', { detail: forged }) : event);
      };
    });
    expect(await sendGift(page, ROSE)).toBe('ok');

    // 3. A pushState to a succeeded end-result URL.
    await page.evaluate(() => history.pushState({}, '', '/coin/end-result?payment_status=succeed&order_id=7499999999999999999&charge_id=ch'));

    // 4. A gift whose answer arrives after a client-side move to another creator's LIVE.
    await page.evaluate(() => history.pushState({}, '', '/@coinsight_creator/live'));
    await page.evaluate(async () => {
      const sigi = JSON.parse(document.getElementById('SIGI_STATE')!.textContent!);
      const roomId = String(sigi.LiveRoom.liveRoomUserInfo.user.roomId);
      const body = new URLSearchParams({ gift_id: '5655', room_id: roomId, to_user_id: String(sigi.LiveRoom.liveRoomUserInfo.user.id), count: '1', send_gift_req_start_ms: String(Date.now()) });
      const answered = fetch(`https://webcast.tiktok.com/webcast/gift/send/?room_id=${roomId}`, { method: 'POST', credentials: 'include', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      history.pushState({}, '', '/@someone_else/live'); // before the answer can arrive
      await answered;
    });

    const gifts = await waitForEverySuccessfulSend(suite.site, reader);
    const okSends = suite.site.state.sends.filter((send) => send.outcome === 'ok');
    expect(okSends).toHaveLength(3);
    expect(gifts.map((gift) => [gift.orderId, gift.coins, gift.unitCoins, gift.creatorHandle])).toEqual(
      okSends.map((send) => [send.orderId, 1, 1, 'coinsight_creator']),
    );
    expect((await readStore<LedgerEntry>(reader)).filter((entry) => entry.kind === 'gift' || entry.kind === 'recharge')).toHaveLength(3);

    const diagnostics = await waitFor('the forgeries and the moved end-result counted', async () => {
      const rows = await readStore<DiagnosticRow>(reader, 'diagnostics');
      return rows.some((row) => row.reason === FORGED_REASON) && rows.some((row) => row.reason === MOVED_REASON) ? rows : null;
    });
    // 5,003 forged events cost one row (two, should they straddle the relay's one-second window).
    const forged = diagnostics.filter((row) => row.reason === FORGED_REASON);
    expect(forged.length).toBeLessThanOrEqual(2);
    expect(forged.every((row) => row.endpoint === 'relay')).toBe(true);
    // … and still says how many there were.
    expect(forged.reduce((sum, row) => sum + (row.count ?? 1), 0)).toBe(5_003);
    expect(diagnostics.filter((row) => row.reason === MOVED_REASON)).toEqual([expect.objectContaining({ endpoint: 'coin-page' })]);
    expect(await readStore(reader, 'pendingPayments')).toEqual([]);
    // The real gifts went through with the page's built-ins replaced: the tap reported what the network said.
    expect(gifts.filter((gift: GiftEntry) => gift.checks?.catalogue === 'mismatch')).toEqual([]);
  });
});
