/**
 * Coinsight's UI inside TikTok's page: one small element per annotated tile, whose content lives in a shadow root so
 * that TikTok's styles do not reach it and ours do not leak out. The root is open (tests and assistive technology read
 * it), so page scripts could read what it shows: estimates and the user's average price per 100 coins, nothing else of
 * the ledger (docs/DESIGN-NOTES.md). A host is rewritten only when what it shows changes, so TikTok's re-renders cost
 * no layout of ours.
 */
export const HOST_TAG = 'coinsight-price';
export const LEGEND_TAG = 'coinsight-legend';

/**
 * Inline styles, no style sheet in the shadow root: TikTok re-renders its panel many times a second and every host it
 * re-renders is styled again; a sheet (and `all: initial`) made that the largest cost Coinsight added to a busy page.
 */
// Colours as light-dark(light, dark), still without a style sheet. The prices sit on TikTok's own panel, so they take
// the page's colour scheme (inherited), not the system's: on a light panel they stay dark whatever the system prefers,
// and a page that declares itself dark (color-scheme: dark) gets the light variant. The limits strip and the dialog
// draw their own background and follow the system's scheme.
const HOST_STYLE: Record<string, string> = {
  [HOST_TAG]: 'display:block;font:600 11px/1.3 system-ui,sans-serif;color:light-dark(#0b6e4f,#6fe3b8);margin-top:2px;pointer-events:none',
  [LEGEND_TAG]: 'display:block;grid-column:1/-1;flex-basis:100%;width:100%;font:400 11px/1.3 system-ui,sans-serif;color:light-dark(#555,#aaa);margin:4px 0',
};

/** What each host shows now, kept out of the page's sight (not in an attribute). */
const shown = new WeakMap<Element, string>();
/**
 * Hosts that TikTok's re-renders detached, by what they showed: a re-rendered tile gets its old host back (one append)
 * instead of a new element, shadow root and style sheet each time: the panel re-renders many times a second.
 */
const spare = new Map<string, Element[]>();
let spares = 0;
const MAX_SPARES = 500;

function reuse(key: string): Element | null {
  const hosts = spare.get(key);
  if (!hosts) return null;
  for (const [index, host] of hosts.entries()) {
    if (!host.isConnected && shown.get(host) === key) return host;
    if (index > 8) break; // the same price shown many times over: a new host is as cheap as the search
  }
  return null;
}

function keep(key: string, host: Element): void {
  if (spares >= MAX_SPARES) return;
  const hosts = spare.get(key) ?? [];
  hosts.push(host);
  spare.set(key, hosts);
  spares++;
}

export function isOurs(node: Element): boolean {
  const tag = node.localName;
  return tag === HOST_TAG || tag === LEGEND_TAG;
}

/**
 * Shows `lines` in a host of ours that is the last child of `parent` (or, with `after`, the next sibling of `parent`):
 * one is created (or a detached one showing the same reused) if missing; it is rewritten only if what it shows changed.
 */
export function showIn(parent: Element, tag: typeof HOST_TAG | typeof LEGEND_TAG, lines: readonly string[], label: string, after = false): Element {
  let host: Element | null = null;
  if (after) host = parent.nextElementSibling?.localName === tag ? parent.nextElementSibling : null;
  else for (const child of parent.children) if (child.localName === tag) host = child;
  const place = (element: Element): void => (after ? parent.after(element) : parent.append(element));
  const key = `${label}\n${lines.join('\n')}`;
  if (host && shown.get(host) === key) return host;
  if (!host) {
    host = reuse(key);
    if (host) {
      place(host);
      return host;
    }
    host = document.createElement(tag);
    host.setAttribute('style', HOST_STYLE[tag]!);
    host.attachShadow({ mode: 'open' });
    place(host);
    keep(key, host);
  }
  shown.set(host, key);
  host.setAttribute('role', 'note');
  host.setAttribute('aria-label', label);
  const root = host.shadowRoot!;
  root.replaceChildren(...lines.map((line) => {
    const p = document.createElement('p');
    p.setAttribute('style', 'margin:0');
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
