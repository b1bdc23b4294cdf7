/**
 * Turns one message from the tap into observations. Pure apart from the page context it updates (catalogue and
 * last balance seen on this page), so it is tested without a browser. Anything malformed becomes a diagnostic.
 */
import { balanceId, stableHash } from '../../core/ledger';
import type { CatalogueGift, TrackedEndpoint } from '../../core/tiktok/contracts';
import { trackedEndpoint } from '../../core/tiktok/endpoints';
import { parseGiftList } from '../../core/tiktok/giftList';
import { interpretGiftSend } from '../../core/tiktok/giftSend';
import { parseWalletBalance } from '../../core/tiktok/wallet';
import type { DiagnosticEndpoint, Observation } from '../../platform/observations';
import { MAX_CAPTURE_CHARS, type TapMessage } from '../tap-channel';
import { malformedField } from './exchange-check';

export interface PageContext {
  /** The signed-in TikTok user id, read from the page state; '' when unknown. */
  account(): string;
  /**
   * The creator of the LIVE the user was on at `pageUrl` (the page when the gift left; the current page when the
   * capture does not say, as taps of 0.1.0 did not).
   */
  creatorHandle(pageUrl?: string): string | undefined;
  catalogue: Map<number, CatalogueGift>;
  lastBalance: number | null;
  /** The last wallet reading this page reported, to leave out repeats of it (WALLET_REPEAT_MS). */
  lastWalletReport: { account: string; coins: number; lastWebOrderAt: number | null; at: number } | null;
}

/**
 * A wallet reading that repeats the one this page last reported (same account, coins and last web order) within
 * this long says nothing new, and is not reported: the web app may poll the wallet, and each reading costs a
 * storage write, a message and a reconciliation in the worker. After this long a repeat is reported again, so the
 * Balance view's "seen … ago" stays true to within a minute. A changed reading is always reported at once.
 */
export const WALLET_REPEAT_MS = 60_000;

/** `count` aggregates repeats of the same reason (forged events, see forgeries.ts). */
export function diagnostic(endpoint: DiagnosticEndpoint, reason: string, at: number, count?: number): Observation {
  // The id makes a replay of the same event count once; the reason never carries the body's content.
  const id = `diagnostic:${count ? stableHash(endpoint, reason, at, count) : stableHash(endpoint, reason, at)}`;
  return { type: 'diagnostic', id, at, endpoint, reason: reason.slice(0, 200), ...(count ? { count } : {}) };
}

/** Decodes a tap event's detail; null for anything that is not a message of ours. */
export function parseTapMessage(raw: unknown): TapMessage | null {
  if (typeof raw !== 'string' || raw.length > MAX_CAPTURE_CHARS + 65_536 + 16_384) return null;
  try {
    const message = JSON.parse(raw) as TapMessage | null;
    return typeof message === 'object' && message !== null && message.v === 1 ? message : null;
  } catch {
    return null;
  }
}

/** Returns the observations for one tap message; [] for messages that need no record. */
export function interpretTapMessage(message: TapMessage, context: PageContext, now: number): Observation[] {
  if (message.kind !== 'exchange') return [];
  const problem = malformedField(message.exchange);
  if (problem) return [diagnostic(endpointOf(message.exchange), `malformed capture: ${problem}`, now)];
  const exchange = message.exchange;
  // The page could forge an event: only URLs we would have tapped ourselves are believed.
  if (trackedEndpoint(exchange.url) !== exchange.endpoint) return [diagnostic(exchange.endpoint, 'capture for an untracked URL', now)];

  switch (exchange.endpoint) {
    case 'gift-send': {
      // Attributed to the page the gift left from: the answer may arrive after the user moved to another LIVE.
      const creatorHandle = context.creatorHandle(exchange.pageUrl);
      const outcome = interpretGiftSend(exchange, {
        account: context.account(),
        catalogue: context.catalogue,
        previousBalance: context.lastBalance,
        ...(creatorHandle ? { creatorHandle } : {}),
      });
      if (outcome.outcome === 'refused') return []; // a refused send is not a spend, and not a surprise
      if (outcome.outcome === 'unrecognised') return [diagnostic('gift-send', outcome.reason, exchange.at)];
      const entry = exchange.sentAt === undefined ? outcome.entry : { ...outcome.entry, sentAt: Math.floor(exchange.sentAt) };
      const observations: Observation[] = [{ type: 'gift', id: entry.id, entry }];
      if (outcome.balance) {
        context.lastBalance = outcome.balance.coins;
        observations.push({ type: 'balance', id: outcome.balance.id, balance: outcome.balance, lastWebOrderAt: null });
      }
      return observations;
    }
    case 'gift-list': {
      const outcome = parseGiftList(exchange);
      if (outcome.outcome === 'refused') return [];
      if (outcome.outcome === 'unrecognised') return [diagnostic('gift-list', outcome.reason, exchange.at)];
      for (const gift of outcome.gifts) context.catalogue.set(gift.id, gift);
      return [{ type: 'catalogue', id: `catalogue:${stableHash(exchange.at, outcome.gifts.length)}`, at: exchange.at, gifts: outcome.gifts }];
    }
    case 'wallet-balance': {
      const outcome = parseWalletBalance(exchange);
      if (outcome.outcome === 'refused') return [];
      if (outcome.outcome === 'unrecognised') return [diagnostic('wallet-balance', outcome.reason, exchange.at)];
      const account = context.account();
      const { coins, lastWebOrderAt } = outcome.balance;
      // A reading that raced a send may or may not show its debit: not a base for the next send's balance check.
      if (!exchange.raced) context.lastBalance = coins;
      const last = context.lastWalletReport;
      const repeat = last !== null && last.account === account && last.coins === coins && last.lastWebOrderAt === lastWebOrderAt
        && exchange.at >= last.at && exchange.at - last.at < WALLET_REPEAT_MS;
      if (repeat) return [];
      // Only a clean reading can make a later one a repeat: the worker reconciles clean readings, never raced ones.
      if (!exchange.raced) context.lastWalletReport = { account, coins, lastWebOrderAt, at: exchange.at };
      const id = balanceId(account, exchange.at, coins);
      return [{
        type: 'balance', id, lastWebOrderAt,
        balance: { id, account, at: exchange.at, coins, source: 'wallet', ...(exchange.raced ? { raced: true } : {}) },
      }];
    }
  }
}

function endpointOf(exchange: unknown): TrackedEndpoint {
  const endpoint = typeof exchange === 'object' && exchange !== null ? (exchange as { endpoint?: unknown }).endpoint : undefined;
  return endpoint === 'gift-list' || endpoint === 'wallet-balance' ? endpoint : 'gift-send';
}
