/**
 * Parses `GET /webcast/wallet_api/fs/diamond_buy/permission_v2`: the user's coin balance.
 * data.coins (required, integer ≥ 0), data.frozen_coins (optional), data.last_web_order.finish_time
 * (epoch seconds → ms; a value already in ms, i.e. above 1e11, is taken as ms; 0 or absent → null).
 */
import type { CapturedExchange, WalletOutcome } from './contracts';
import { MAX_COINS } from '../ledger';
import { asObject, readEnvelope, safeInt } from './json';

const LABEL = 'wallet';
/** Epoch seconds stay below this until the year 5138; anything larger is already milliseconds. */
const SECONDS_LIMIT = 100_000_000_000;

export function parseWalletBalance(exchange: CapturedExchange): WalletOutcome {
  const envelope = readEnvelope(exchange, LABEL);
  if (envelope.outcome !== 'envelope') return envelope;
  const { data } = envelope;
  if (!data) return { outcome: 'unrecognised', reason: `${LABEL}: no data object` };

  const coins = safeInt(data.coins, 0, MAX_COINS);
  if (coins === null) return { outcome: 'unrecognised', reason: `${LABEL}: no valid coins` };
  const frozenCoins = safeInt(data.frozen_coins, 0, MAX_COINS);

  const finish = safeInt(asObject(data.last_web_order)?.finish_time, 1, 8_640_000_000_000);
  const lastWebOrderAt = finish === null ? null : finish < SECONDS_LIMIT ? finish * 1000 : finish;

  return { outcome: 'balance', balance: { coins, frozenCoins, lastWebOrderAt } };
}
