import { describe, expect, it } from 'vitest';
import { trackedEndpoint } from './endpoints';

const Q = '?aid=1988&app_name=tiktok_web&device_platform=web_pc&room_id=7312345678901234567&msToken=x&X-Bogus=y&_signature=z';
/** As the tap hands URLs over: resolved and written by the URL parser (lower-cased host, normalised path). */
const tracked = (url: string, base?: string) => trackedEndpoint(new URL(url, base).href);

describe('trackedEndpoint', () => {
  it('recognises gift/send on webcast, www and regional hosts, with or without the trailing slash', () => {
    expect(tracked(`https://webcast.tiktok.com/webcast/gift/send/${Q}`)).toBe('gift-send');
    expect(tracked(`https://webcast.tiktok.com/webcast/gift/send${Q}`)).toBe('gift-send');
    expect(tracked(`https://www.tiktok.com/webcast/gift/send/${Q}`)).toBe('gift-send');
    expect(tracked(`https://webcast16-normal-c-useast1a.tiktok.com/webcast/gift/send/${Q}`)).toBe('gift-send');
    expect(tracked('https://WEBCAST.TIKTOK.COM/webcast/gift/send/')).toBe('gift-send');
    expect(tracked('https://tiktok.com/webcast/gift/send/#x')).toBe('gift-send');
    expect(tracked('http://webcast.tiktok.com:8443/webcast/gift/send/')).toBe('gift-send');
  });

  it('recognises gift/list and the wallet balance endpoint', () => {
    expect(tracked('https://webcast.tiktok.com/webcast/gift/list/?room_id=1&aid=1988')).toBe('gift-list');
    expect(tracked('https://webcast.tiktok.com/webcast/gift/list?room_id=1')).toBe('gift-list');
    expect(tracked('https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988')).toBe('wallet-balance');
    expect(tracked('https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2/')).toBe('wallet-balance');
  });

  it('answers for relative URLs once the tap has resolved them against the page', () => {
    expect(tracked(`/webcast/gift/send/${Q}`, 'https://www.tiktok.com/')).toBe('gift-send');
    expect(tracked('../webcast/gift/list/', 'https://www.tiktok.com/@someone/live')).toBe('gift-list');
    expect(tracked('/webcast/gift/send/', 'https://example.com/')).toBe(null);
    // Unresolved text is never believed: the relay is only ever handed what the tap resolved.
    expect(trackedEndpoint('/webcast/gift/send/')).toBe(null);
  });

  it('ignores other hosts, look-alike hosts and other schemes', () => {
    expect(tracked('https://example.com/webcast/gift/send/')).toBe(null);
    expect(tracked('https://tiktok.com.evil.example/webcast/gift/send/')).toBe(null);
    expect(tracked('https://nottiktok.com/webcast/gift/send/')).toBe(null);
    expect(tracked('https://evil.example/?next=https://webcast.tiktok.com/webcast/gift/send/')).toBe(null);
    expect(tracked('https://evil.example/x#https://webcast.tiktok.com/webcast/gift/send/')).toBe(null);
    expect(tracked('ftp://webcast.tiktok.com/webcast/gift/send/')).toBe(null);
    expect(tracked('https://www.tiktok.com@evil.example/webcast/gift/send/')).toBe(null);
    expect(trackedEndpoint('javascript:alert(1)//webcast/gift/send/')).toBe(null);
  });

  it('ignores other webcast paths and near misses', () => {
    expect(tracked('https://webcast.tiktok.com/webcast/im/fetch/?room_id=1')).toBe(null);
    expect(tracked('https://webcast.tiktok.com/webcast/gift/send/extra')).toBe(null);
    expect(tracked('https://webcast.tiktok.com/webcast/gift/sendx/')).toBe(null);
    expect(tracked('https://webcast.tiktok.com/api/webcast/gift/send/')).toBe(null);
    expect(tracked('https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission')).toBe(null);
    expect(tracked('https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v3')).toBe(null);
    expect(tracked('https://www.tiktok.com/api/item_list/?x=/webcast/gift/send/')).toBe(null);
    expect(tracked('https://www.tiktok.com/')).toBe(null);
  });

  it('never throws on garbage', () => {
    for (const junk of ['', ' ', '/webcast/', 'http://[::1/webcast/gift/send/', '\u0000/webcast/gift/']) expect(trackedEndpoint(junk)).toBe(null);
    expect(trackedEndpoint(undefined as unknown as string)).toBe(null);
    expect(trackedEndpoint(42 as unknown as string)).toBe(null);
  });
});
