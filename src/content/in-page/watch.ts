/**
 * Watches the page for what TikTok renders, cheaply: one MutationObserver, whose callback only collects the elements
 * that were added (or whose image source changed) and asks for one animation frame; the work happens once per frame,
 * on what was collected. Nodes Coinsight added itself (`isOurs`) are ignored, so rendering never feeds back into itself.
 */
export function watchPage(signal: AbortSignal, isOurs: (node: Element) => boolean, onFrame: (changed: Element[]) => void): void {
  let changed: Element[] = [];
  let frame = 0;
  const run = (): void => {
    frame = 0;
    const batch = changed;
    changed = [];
    if (signal.aborted) return;
    try {
      onFrame(batch);
    } catch (error) {
      console.warn('Coinsight: in-page prices failed on this page', error); // the page goes on; so do we, next frame
    }
  };
  const observer = new MutationObserver((records) => {
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
    // Bounded: a page that adds thousands of nodes in a frame is handled as one full pass.
    if (changed.length > 2_000) changed = [document.documentElement];
    if (changed.length && !frame) frame = requestAnimationFrame(run);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    if (frame) cancelAnimationFrame(frame);
  }, { once: true });
}
