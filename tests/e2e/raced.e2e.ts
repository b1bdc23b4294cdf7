/**
 * Wallet readings that raced a gift send (Chromium): the tap marks a reading taken while a send of the same page was
 * in flight, since it may or may not show that send's debit; a reading taken alone is clean.
 */
import { describe, expect, it } from 'vitest';
import type { BalanceObservation } from '../../src/core/ledger';
import { openExtensionPage, readStore, waitFor, withChromium } from './harness';
import { openLive } from './live-page';

describe('wallet readings and sends in flight', () => {
  const suite = withChromium({ initialCoins: 1_000 });

  it('marks a reading raced when a send was in flight, and only then', async () => {
    const page = await suite.session.context.newPage();
    await openLive(page);
    const reader = await openExtensionPage(suite.session, 'src/options/index.html');
    const wallet = (rows: BalanceObservation[]) => rows.filter((row) => row.source === 'wallet');
    // The page's own reading at load, taken before any send.
    const [first] = await waitFor('the page’s first wallet reading', async () => {
      const rows = wallet(await readStore<BalanceObservation>(reader, 'balances'));
      return rows.length === 1 ? rows : null;
    });
    expect(first).not.toHaveProperty('raced');

    // A Rose sent as the page sends it, and a wallet reading started while it is in flight, then one alone.
    const readWallet = () => page.evaluate(() => fetch('https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988', { credentials: 'include' }).then((r) => r.text()));
    await page.evaluate(async () => {
      const sigi = JSON.parse(document.getElementById('SIGI_STATE')!.textContent!);
      const user = sigi.LiveRoom.liveRoomUserInfo.user;
      const body = new URLSearchParams({ gift_id: '5655', room_id: String(user.roomId), to_user_id: String(user.id), count: '1', send_gift_req_start_ms: String(Date.now()) });
      const sent = fetch(`https://webcast.tiktok.com/webcast/gift/send/?room_id=${user.roomId}`, { method: 'POST', credentials: 'include', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      const read = fetch('https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988', { credentials: 'include' });
      await Promise.all([sent, read]);
    });
    const rows = await waitFor('the raced reading', async () => {
      const found = wallet(await readStore<BalanceObservation>(reader, 'balances'));
      return found.some((row) => row.raced) ? found : null;
    });
    expect(rows.filter((row) => row.raced)).toHaveLength(1);

    expect(await readWallet()).toContain('"coins":999');
    const clean = await waitFor('a clean reading of the new balance', async () =>
      wallet(await readStore<BalanceObservation>(reader, 'balances')).find((row) => row.coins === 999 && !row.raced));
    expect(clean).not.toHaveProperty('raced');
  });
});
