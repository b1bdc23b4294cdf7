/**
 * Coinsight never writes HTML into a page or an extension page: every text reaches the DOM as text. The one innerHTML
 * write in the bundle is preact's support for `dangerouslySetInnerHTML`, which no component uses; this Vite plugin
 * replaces it with a throw, so the sink is gone rather than merely unused, and the stores' linter (addons-linter's
 * "Unsafe assignment to innerHTML") has nothing to warn about. The build fails if preact's code no longer has exactly
 * one such write: a preact upgrade is then looked at, not silently shipped with the sink back.
 */
const PREACT = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.mjs$/;
/** `(t.innerHTML=h.__html)` in preact 11's minified diff: the element's innerHTML set from the prop's __html. */
const WRITE = /\(([A-Za-z_$][\w$]*)\.innerHTML=([A-Za-z_$][\w$]*)\.__html\)/g;

/** @returns {import('vite').Plugin} */
export function noInnerHtml() {
  return {
    name: 'coinsight-no-inner-html',
    enforce: 'pre',
    /** @param {string} code @param {string} id */
    transform(code, id) {
      if (!PREACT.test(id)) return null;
      const writes = code.match(WRITE) ?? [];
      if (writes.length !== 1) throw new Error(`no-inner-html: expected one innerHTML write in ${id}, found ${writes.length}`);
      return { code: code.replace(WRITE, '(()=>{throw new Error("Coinsight does not use dangerouslySetInnerHTML")})()'), map: null };
    },
  };
}
