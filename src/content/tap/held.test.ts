/** What the page sees of a held send that is let go or failed, with Node's built-ins standing in for the page's. */
import { describe, expect, it } from 'vitest';
import { failAsNetworkError, holdFetch, networkFailureMessage } from './held';

class FakeProgressEvent extends Event {
  readonly loaded = 0;
  readonly total = 0;
}

/** An XMLHttpRequest as the page holds it after open() and send(): OPENED, status 0, handlers as properties. */
class FakeXhr extends EventTarget {
  status = 0;
  responseText = '';
  onerror: ((event: Event) => void) | null = null;
  onloadend: ((event: Event) => void) | null = null;
  onload: ((event: Event) => void) | null = null;
  get readyState(): number {
    return 1;
  }
  override dispatchEvent(event: Event): boolean {
    const handler = (this as unknown as Record<string, unknown>)[`on${event.type}`];
    if (typeof handler === 'function') handler.call(this, event); // the browser runs on… handlers as listeners
    return super.dispatchEvent(event);
  }
}

const events = {
  Plain: Event,
  Progress: FakeProgressEvent as unknown as typeof ProgressEvent,
  dispatch: (target: EventTarget, event: Event) => target.dispatchEvent(event),
  define: Object.defineProperty,
};

describe('a held XMLHttpRequest that is failed', () => {
  it('ends as a network failure: readyState 4, status 0, readystatechange then error then loadend, handlers called', () => {
    const xhr = new FakeXhr();
    const seen: string[] = [];
    for (const type of ['readystatechange', 'error', 'loadend', 'load', 'abort', 'timeout']) {
      xhr.addEventListener(type, (event) => seen.push(`${type}:${xhr.readyState}:${xhr.status}:${event instanceof Event}`));
    }
    xhr.onerror = () => seen.push('onerror');
    xhr.onloadend = () => seen.push('onloadend');
    xhr.onload = () => seen.push('onload');
    failAsNetworkError(xhr as unknown as XMLHttpRequest, events);
    expect(seen).toEqual(['readystatechange:4:0:true', 'onerror', 'error:4:0:true', 'onloadend', 'loadend:4:0:true']);
    expect(xhr.responseText).toBe('');
  });

  it('answers DONE through an own property the tap can take away when the page opens the request again', () => {
    const xhr = new FakeXhr();
    failAsNetworkError(xhr as unknown as XMLHttpRequest, events);
    expect(xhr.readyState).toBe(4);
    delete (xhr as { readyState?: number }).readyState;
    expect(xhr.readyState).toBe(1);
  });
});

describe('a held fetch', () => {
  it('rejects with a TypeError carrying the browser\'s own words when failed', async () => {
    const held = holdFetch(() => Promise.reject(new Error('must not be called')), networkFailureMessage('Mozilla/5.0 Chrome/120'), Promise, TypeError);
    held.fail();
    const error = await held.promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('Failed to fetch');
    expect(networkFailureMessage('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('NetworkError when attempting to fetch resource.');
  });

  it('sends once when let go, and the page gets the real response', async () => {
    let calls = 0;
    const response = new Response('{"status_code":0}', { status: 200 });
    const held = holdFetch(() => (calls++, Promise.resolve(response)), 'Failed to fetch', Promise, TypeError);
    expect(calls).toBe(0); // nothing leaves before the verdict
    held.go();
    await expect(held.promise).resolves.toBe(response);
    expect(calls).toBe(1);
  });

  it('passes on the real failure when the network fails after a go', async () => {
    const held = holdFetch(() => Promise.reject(new TypeError('Failed to fetch')), 'Failed to fetch', Promise, TypeError);
    held.go();
    await expect(held.promise).rejects.toBeInstanceOf(TypeError);
  });
});
