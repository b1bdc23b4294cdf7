/**
 * The rate bases the options page lists, and the one in force for each account, as pure functions of the settings and
 * the accounts' lifetime totals (core/conversion.ts resolveBasis decides; this only arranges it for display).
 */
import { DEFAULT_BASES, customBasis, defaultBasesFor, resolveBasis, type BasisChoice, type RateBasis, type ResolvedBasis } from '../core/conversion';
import type { Totals } from '../core/rollups';
import type { ConversionSettings } from '../platform/settings';

export const BASIS_CHOICES: readonly BasisChoice[] = ['your-purchases', 'web-package', 'web-custom', 'app-package', 'custom'];

/** The basis a choice stands for, when it has one regardless of the account: the defaults and a typed rate. */
export function basisOfChoice(choice: BasisChoice, conversion: ConversionSettings, currency: string): RateBasis | null {
  if (choice === 'your-purchases') return null;
  if (choice === 'custom') {
    const custom = conversion.customRate;
    const made = custom ? customBasis(custom.minor, custom.coins, custom.currency, custom.asOf) : null;
    return made && typeof made !== 'string' ? made : null;
  }
  return defaultBasesFor(currency).find((basis) => basis.kind === choice) ?? DEFAULT_BASES.find((basis) => basis.kind === choice) ?? null;
}

export interface AccountBasis {
  uid: string;
  label: string;
  resolved: ResolvedBasis;
}

export function inForceByAccount(conversion: ConversionSettings, currency: string, accounts: readonly { uid: string; label: string; lifetime: Totals }[]): AccountBasis[] {
  return accounts.map(({ uid, label, lifetime }) => ({ uid, label, resolved: resolveBasis(conversion.basis, lifetime, conversion.customRate, currency) }));
}

export { fallbackKey } from '../core/conversion-words';
