/**
 * On a LIVE page: beside each gift of the gift panel, its price in money, estimated at the user's basis ("≈ $0.01"),
 * and one legend line naming that basis and its date. A gift is recognised by the image hash in its image URL, looked
 * up in the worker's catalogue; a gift the catalogue does not know, or whose coin price on the page differs from the
 * catalogue's, shows nothing (and is counted), never a guess.
 *
 * TikTok's panel has no documented markers (shared/tiktok/README.md §2): a tile is the nearest ancestor (at most four
 * levels up) of a gift image that holds that image alone and a text that reads as a coin price. Chat lines with a gift
 * icon ("sent Rose x3") have no such text, so they are left alone.
 */
import { basisSourceKey, fallbackKey, sayOr } from '../../core/conversion-words';
import { estimateText, giftImageHash, tileCoins } from '../../core/in-page';
import type { InPageGift, InPagePrices } from '../../platform/protocol';
import type { RelayPage } from '../features/feature';
import { askPrices } from './ask';
import { t } from './limit-text';
import { HOST_TAG, LEGEND_TAG, isOurs, removeFrom, showIn } from './host';
import type { Tally } from './tally';
import { watchPage } from './watch';

const MAX_TILE_DEPTH = 4;
/**
 * A hash the worker did not know is asked again once this page's own gift list (which the relay has parsed and sent to
 * the worker) names it: the worker records that list moments after the page loads it. Checked this often, this often.
 */
const RETRY_MS = 1_500;
const MAX_RETRIES = 8;

/** A gift the worker priced, with its words made once (formatting money builds an Intl.NumberFormat: not per frame). */
interface Priced extends InPageGift {
  text: string;
  label: string;
}

/** Survives feature restarts (client-side navigation): a re-render after a move shows prices at once. */
const known = new Map<string, Priced | null>();
let context: InPagePrices | null = null;
let legendWordsNow = '';

export function giftPanelPrices(signal: AbortSignal, page: RelayPage, tally: Tally): void {
  const tiles = new WeakSet<Element>();
  const waiting = new Set<string>();
  let asking = false;
  let retries = 0;
  let fresh = false; // the basis was asked for in this run (settings may have changed since the last)
  let legend: Element | null = null;
  let legendWords = '';

  const ask = (): void => {
    if (asking || signal.aborted) return;
    const hashes = [...waiting];
    if (fresh && hashes.length === 0) return;
    asking = true;
    waiting.clear();
    askPrices(page.context.account(), hashes).then((reply) => {
      context = reply;
      legendWordsNow = legendOf(reply);
      fresh = true;
      const found = new Map(reply.gifts.map((gift) => [gift.hash, gift]));
      for (const hash of hashes) {
        const gift = found.get(hash);
        const text = gift ? estimateText(gift.estimate) : '';
        known.set(hash, gift ? { ...gift, text, label: `${gift.name}: ${text}, estimated. ${legendWordsNow}` } : null);
      }
      scan([document.documentElement]);
      // The worker may not have recorded this page's gift list yet: ask again for what that list names, once it does.
      const missing = hashes.filter((hash) => !found.has(hash));
      if (missing.length) retryUnknown(missing);
    }, () => undefined).finally(() => {
      asking = false;
      if (waiting.size) ask();
    });
  };

  const retryUnknown = (hashes: string[]): void => {
    if (retries++ >= MAX_RETRIES || signal.aborted) return;
    setTimeout(() => {
      const listed = hashes.filter(pageListHas);
      if (!listed.length) return retryUnknown(hashes);
      for (const hash of listed) waiting.add(hash);
      ask();
    }, RETRY_MS);
  };

  const pageListHas = (hash: string): boolean => {
    for (const gift of page.context.catalogue.values()) if (gift.imageHash === hash) return true;
    return false;
  };

  const annotate = (img: HTMLImageElement): void => {
    // The attribute as written (TikTok writes absolute URLs): no URL resolution per image and frame.
    const hash = giftImageHash(img.getAttribute('src') ?? '');
    if (!hash) return;
    const tile = tileOf(img);
    if (!tile) return;
    tiles.add(tile.element);
    panel = panel ? commonAncestor(panel, tile.element) : tile.element.parentElement;
    const gift = known.get(hash);
    if (gift === undefined || !fresh) {
      waiting.add(hash);
      if (gift === undefined) return;
    }
    if (!gift || !context) {
      removeFrom(tile.element, HOST_TAG);
      // Counted only when this page's own gift list is in and does not name it either: not while it is on its way.
      if (gift === null && page.context.catalogue.size > 0 && !pageListHas(hash)) tally.note('gift-panel', 'gift image not in the catalogue', hash);
      return;
    }
    if (gift.coins !== tile.coins) {
      removeFrom(tile.element, HOST_TAG);
      tally.note('gift-panel', 'gift price on the page differs from the catalogue', hash);
      return;
    }
    showIn(tile.element, HOST_TAG, [gift.text], gift.label);
    // One legend per page, just after the panel (its tiles' container), outside what the panel's re-renders replace.
    const container = tile.element.parentElement;
    const words = legendWordsNow;
    if (container && (!legend?.isConnected || legendWords !== words)) {
      const anchor = legend?.isConnected ? legend.previousElementSibling : container;
      if (anchor) legend = showIn(anchor, LEGEND_TAG, [`Coinsight: ${words}`], words, true);
      legendWords = words;
    }
  };

  /** What holds the tiles seen in this pass (their nearest common ancestor): the watch focuses on it. */
  let panel: Element | null = null;
  const scan = (changed: Element[]): void => {
    panel = null;
    for (const element of changed) {
      // Re-rendered again within the same frame: what was added and already removed needs nothing.
      if (!element.isConnected) continue;
      if (element.localName === 'img') {
        annotate(element as HTMLImageElement);
        continue;
      }
      const images = element.getElementsByTagName('img');
      if (images.length) {
        for (const img of images) annotate(img);
        continue;
      }
      // A tile whose text was re-rendered (its image kept): look again at the tile it belongs to.
      let up: Element | null = element.parentElement;
      for (let depth = 0; up && depth < MAX_TILE_DEPTH; depth++, up = up.parentElement) {
        if (tiles.has(up)) {
          for (const img of up.getElementsByTagName('img')) annotate(img);
          break;
        }
      }
    }
    // The panel found: from now on only it is watched (a busy chat elsewhere costs nothing), until it leaves the page.
    if (panel) watch.focus(panel);
    if (waiting.size) ask();
  };

  const watch = watchPage(signal, isOurs, scan);
  scan([document.documentElement]);
  ask();
}

/** The basis the prices were estimated at, in the UI's language: its source and date, why the chosen one did not apply. */
function legendOf(prices: InPagePrices): string {
  const { basis, fallbackReason } = prices.resolved;
  const source = sayOr(t, basisSourceKey(basis), basis.source);
  const date = basis.asOf ? t('legendAsOf', basis.asOf) : '';
  const fallback = fallbackReason ? t('legendFallback', sayOr(t, fallbackKey(fallbackReason), fallbackReason)) : '';
  const exchange = prices.exchange ? t('legendExchange', [prices.exchange.to, prices.exchange.asOf]) : '';
  return `${t('legendBasis', `${source}${date}${fallback}`)}${exchange}`;
}

function commonAncestor(a: Element, b: Element): Element | null {
  for (let up: Element | null = a; up; up = up.parentElement) if (up.contains(b)) return up;
  return null;
}

/** The tile of a gift image: its nearest ancestor holding only that gift image and a coin price. */
export function tileOf(img: Element): { element: Element; coins: number } | null {
  let element = img.parentElement;
  for (let depth = 0; element && depth < MAX_TILE_DEPTH; depth++, element = element.parentElement) {
    const images = element.getElementsByTagName('img');
    let gifts = 0;
    if (images.length > 1) for (const other of images) if (giftImageHash(other.getAttribute('src') ?? '') && ++gifts > 1) return null;
    const coins = coinText(element);
    if (coins !== null) return { element, coins };
  }
  return null;
}

function coinText(element: Element): number | null {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const coins = tileCoins(node.nodeValue ?? '');
    if (coins !== null) return coins;
  }
  return null;
}
