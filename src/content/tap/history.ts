/** Client-side navigation: TikTok changes pages with the History API; the relay restarts its page features. */
import { apply } from './builtins';
import { post } from './channel';

export function hookHistory(): void {
  const navigated = (): void => post({ __proto__: null, v: 1, kind: 'navigation', url: location.href });
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History) {
      // eslint-disable-next-line prefer-rest-params
      const result = apply(original, this, arguments);
      navigated();
      return result;
    };
  }
  window.addEventListener('popstate', navigated);
}
