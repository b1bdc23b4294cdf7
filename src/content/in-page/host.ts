/**
 * Coinsight's UI inside TikTok's page: one small element per annotated tile, whose content lives in a shadow root so
 * that TikTok's styles do not reach it and ours do not leak out. The root is open (tests and assistive technology read
 * it), so page scripts could read what it shows: estimates and the user's average price per 100 coins, nothing else of
 * the ledger (docs/DESIGN-NOTES.md). A host is rewritten only when what it shows changes, so TikTok's re-renders cost
 * no layout of ours.
 */
export const HOST_TAG = 'coinsight-price';
export const LEGEND_TAG = 'coinsight-legend';

const STYLE = `:host{all:initial;display:block;font:600 11px/1.3 system-ui,sans-serif;color:#0b6e4f;margin-top:2px;pointer-events:none}
:host([kind=legend]){grid-column:1/-1;flex-basis:100%;width:100%;font-weight:400;color:#555;margin:4px 0}
p{margin:0}`;

/** What each host shows now, kept out of the page's sight (not in an attribute). */
const shown = new WeakMap<Element, string>();

export function isOurs(node: Element): boolean {
  const tag = node.localName;
  return tag === HOST_TAG || tag === LEGEND_TAG;
}

/** The shown lines of a host of ours, for a tile: created as the tile's last child if missing, rewritten if changed. */
export function showIn(parent: Element, tag: typeof HOST_TAG | typeof LEGEND_TAG, lines: readonly string[], label: string): Element {
  let host: Element | null = null;
  for (const child of parent.children) if (child.localName === tag) host = child;
  const key = `${label}\n${lines.join('\n')}`;
  if (host && shown.get(host) === key) return host;
  if (!host) {
    host = document.createElement(tag);
    if (tag === LEGEND_TAG) host.setAttribute('kind', 'legend');
    host.attachShadow({ mode: 'open' });
    parent.append(host);
  }
  shown.set(host, key);
  host.setAttribute('role', 'note');
  host.setAttribute('aria-label', label);
  const root = host.shadowRoot!;
  const style = document.createElement('style');
  style.textContent = STYLE;
  root.replaceChildren(style, ...lines.map((line) => {
    const p = document.createElement('p');
    p.textContent = line;
    return p;
  }));
  return host;
}

/** Removes a host of ours from `parent`, if there is one. */
export function removeFrom(parent: Element, tag: string): void {
  for (const child of [...parent.children]) if (child.localName === tag) child.remove();
}

/** Removes every host of ours from the document (the feature stopped: a client-side navigation, or the extension went away). */
export function removeAll(): void {
  for (const host of document.querySelectorAll(`${HOST_TAG},${LEGEND_TAG}`)) host.remove();
}
