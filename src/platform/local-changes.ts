/**
 * Follows writes of some keys of storage.local, for the extension's pages. storage.local's own onChanged, never
 * storage.onChanged: that one also delivers storage.session writes, among them the note the Firefox background writes
 * in its own onSuspend (background/index.ts), and Firefox counts an event reaching any page of the extension as
 * activity, so an open options page cancelled every suspension of the background (found by firefox-privacy.e2e.ts).
 * Returns the function that stops following.
 */
import { browser } from './browser';

export function onLocalChanges(keys: readonly string[], changed: () => void): () => void {
  const listener = (changes: Record<string, unknown>) => {
    if (keys.some((key) => key in changes)) changed();
  };
  browser.storage.local.onChanged.addListener(listener);
  return () => browser.storage.local.onChanged.removeListener(listener);
}
