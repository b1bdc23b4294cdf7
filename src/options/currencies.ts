// The display-currency choices, named in the UI's language.
const CURRENCIES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['USD', 'EUR', 'GBP', 'IDR', 'BRL', 'VND'];

/** "USD — US Dollar", sorted by name in the UI's language: 159 bare codes told a person nothing. */
export function currencyOptions(locale: string, codes: readonly string[] = CURRENCIES): { code: string; label: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'currency' });
  } catch {
    names = null; // an engine without DisplayNames: the codes alone
  }
  return codes
    .map((code) => {
      const name = names?.of(code);
      return { code, name: name && name !== code ? name : '', label: name && name !== code ? `${code} — ${name}` : code };
    })
    .sort((a, b) => (a.name || a.code).localeCompare(b.name || b.code, locale))
    .map(({ code, label }) => ({ code, label }));
}
