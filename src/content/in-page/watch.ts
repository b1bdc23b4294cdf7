/**
 * Watches the page for what TikTok renders, cheaply: one MutationObserver, whose callback collects the elements that
 * were added (or whose image source changed) and hands them over at once. The callback runs after the page's own task
 * and before the browser renders, so no frame ever shows a re-rendered tile without its price, and no animation frame
 * is requested: asking for one per frame cost a busy LIVE page about 10 % (bench/live-churn.js, measured), doing the
 * work here about 1 %. Nodes Coinsight added itself (`isOurs`) are ignored, so rendering never feeds back into itself.
 */
export function watchPage(signal: AbortSignal, isOurs: (node: Element) => boolean, onChange: (changed: Element[]) => void): void {
  const observer = new MutationObserver((records) => {
    let changed: Element[] = [];
    for (const record of records) {
      if (record.type === 'attributes') {
        changed.push(record.target as Element);
        continue;
      }
      for (const node of record.addedNodes) {
        const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
        if (element && !isOurs(element)) changed.push(element);
      }
    }
    // Bounded: a page that adds thousands of nodes at once is handled as one full pass.
    if (changed.length > 2_000) changed = [document.documentElement];
    if (!changed.length || signal.aborted) return;
    try {
      onChange(changed);
    } catch (error) {
      console.warn('Coinsight: in-page prices failed on this page', error); // the page goes on; so do we, next change
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
