// The one import of the WebExtension API for every context: promise-based in Chrome and Firefox alike.
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime, Storage } from 'webextension-polyfill';
