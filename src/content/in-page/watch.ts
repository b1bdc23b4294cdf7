/**
 * Watches the page for what TikTok renders, cheaply: one MutationObserver, whose callback collects the elements that
 * were added (or whose image source changed) and hands them over at once. The callback runs after the page's own task
 * and before the browser renders, so no frame ever shows a re-rendered tile without its price, and no animation frame
 * is requested: asking for one per frame cost a busy LIVE page about 10 % (bench/live-churn.js, measured), doing the
 * work here about 1 %. Nodes Coinsight added itself (`isOurs`) are ignored, and the records its own work causes are
 * dropped unread (`takeRecords`), so rendering never feeds back into itself.
 *
 * A feature that has found what it annotates (the gift panel) can `focus` the watch on it: from then on only that
 * subtree is observed, plus the direct children of each of its ancestors, which is where its removal would show. A busy
 * LIVE chat, hundreds of records a second elsewhere in the page, then costs nothing. Once the focused element leaves
 * the page, the whole page is watched (and looked at) again, until the feature focuses on what replaced it.
 */
export interface PageWatch {
  /** Observe only `root`'s subtree from now on, until `root` is detached (a part of what is watched already: no change). */
  focus(root: Element): void;
}

const WHAT_TILES_CHANGE: MutationObserverInit = { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] };

export function watchPage(signal: AbortSignal, isOurs: (node: Element) => boolean, onChange: (changed: Element[]) => void): PageWatch {
  let focused: Element | null = null;
  let ancestors = new Set<Node>();
  const observer = new MutationObserver((records) => {
    if (focused && !focused.isConnected) {
      // The focused element was removed (or replaced): back to the whole page, all of which may hold its successor.
      watchWholePage();
      hand([document.documentElement]);
      return;
    }
    let changed: Element[] = [];
    let around = false;
    for (const record of records) {
      if (ancestors.has(record.target)) {
        around = true; // around the focused element, which is still in the page: only it matters, if it came back
        for (const node of record.addedNodes) if (focused && node.contains(focused)) changed.push(focused);
        continue;
      }
      if (record.type === 'attributes') {
        changed.push(record.target as Element);
        continue;
      }
      for (const node of record.addedNodes) {
        const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
        if (element && !isOurs(element)) changed.push(element);
      }
    }
    // Moved elsewhere in one go: what would show its removal next is its new ancestors'.
    if (around && focused && !inPlace(focused)) refocus(focused);
    // Bounded: a page that adds thousands of nodes at once is handled as one full pass.
    if (changed.length > 2_000) changed = [document.documentElement];
    hand(changed);
  });
  const hand = (changed: Element[]): void => {
    if (!changed.length || signal.aborted) return;
    try {
      onChange(changed);
    } catch (error) {
      console.warn('Coinsight: in-page prices failed on this page', error); // the page goes on; so do we, next change
    }
    // Only Coinsight's own code ran since the records above were taken: what is queued now is its own work.
    observer.takeRecords();
  };
  const watchWholePage = (): void => {
    observer.disconnect();
    focused = null;
    ancestors = new Set();
    observer.observe(document.documentElement, WHAT_TILES_CHANGE);
  };
  watchWholePage();
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  const inPlace = (root: Element): boolean => {
    let count = 0;
    for (let up = root.parentNode; up; up = up.parentNode, count++) if (!ancestors.has(up)) return false;
    return count === ancestors.size;
  };
  const refocus = (root: Element): void => {
    observer.disconnect();
    focused = root;
    ancestors = new Set();
    observer.observe(root, WHAT_TILES_CHANGE);
    for (let up = root.parentNode; up; up = up.parentNode) {
      ancestors.add(up);
      observer.observe(up, { childList: true });
    }
  };
  return {
    focus(root) {
      if (focused?.contains(root) || !root.isConnected || root === document.documentElement || signal.aborted) return;
      // Called at the end of a pass over what changed: records still queued are Coinsight's own (see `hand`).
      refocus(root);
    },
  };
}
