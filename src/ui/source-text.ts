/**
 * Where a rate comes from, in the UI's language (core/conversion-words.ts names the message). Without a message for
 * it (a reported default added later), core's English source text is shown rather than a wrong one. Shared by the
 * options page and the popup, so a basis reads the same in both.
 */
import type { RateBasis } from '../core/conversion';
import { basisSourceKey, sayOr } from '../core/conversion-words';
import { t } from '../platform/i18n';

export function basisSourceText(basis: RateBasis): string {
  return sayOr(t, basisSourceKey(basis), basis.source);
}

/** The diamond value's source: the user's own, or the commonly reported default. */
export function diamondSourceText(own: boolean): string {
  return t(own ? 'diamondSourceYours' : 'diamondSourceDefault');
}
