import { describe, expect, it } from 'vitest';
import { classifyUrl } from './endpoints';

const Q = '?aid=1988&app_name=tiktok_web&device_platform=web_pc&room_id=7312345678901234567&msToken=x&X-Bogus=y&_signature=z';

describe('classifyUrl', () => {
  it('recognises gift/send on webcast, www and regional hosts, with or without the trailing slash', () => {
    expect(classifyUrl(`https://webcast.tiktok.com/webcast/gift/send/${Q}`)).toBe('gift-send');
    expect(classifyUrl(`https://webcast.tiktok.com/webcast/gift/send${Q}`)).toBe('gift-send');
    expect(classifyUrl(`https://www.tiktok.com/webcast/gift/send/${Q}`)).toBe('gift-send');
    expect(classifyUrl(`https://webcast16-normal-c-useast1a.tiktok.com/webcast/gift/send/${Q}`)).toBe('gift-send');
    expect(classifyUrl('https://WEBCAST.TIKTOK.COM/webcast/gift/send/')).toBe('gift-send');
    expect(classifyUrl('https://tiktok.com/webcast/gift/send/')).toBe('gift-send');
  });

  it('recognises gift/list and the wallet balance endpoint', () => {
    expect(classifyUrl('https://webcast.tiktok.com/webcast/gift/list/?room_id=1&aid=1988')).toBe('gift-list');
    expect(classifyUrl('https://webcast.tiktok.com/webcast/gift/list?room_id=1')).toBe('gift-list');
    expect(classifyUrl('https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988')).toBe('wallet-balance');
    expect(classifyUrl('https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2/')).toBe('wallet-balance');
  });

  it('resolves relative URLs against the base (default https://www.tiktok.com/)', () => {
    expect(classifyUrl(`/webcast/gift/send/${Q}`)).toBe('gift-send');
    expect(classifyUrl('//webcast.tiktok.com/webcast/gift/list/')).toBe('gift-list');
    expect(classifyUrl('webcast/gift/list/', 'https://www.tiktok.com/')).toBe(null); // no '/webcast/' in the text
    expect(classifyUrl('../webcast/gift/list/', 'https://www.tiktok.com/@someone/live')).toBe('gift-list');
    expect(classifyUrl('/webcast/gift/send/', 'https://webcast.tiktok.com/')).toBe('gift-send');
    // Relative to a page that is not TikTok: not ours.
    expect(classifyUrl('/webcast/gift/send/', 'https://example.com/')).toBe(null);
    expect(classifyUrl('/webcast/gift/send/', 'not a base')).toBe(null);
  });

  it('reads a lazy base only for candidate URLs (the tap passes () => location.href)', () => {
    let reads = 0;
    const base = () => {
      reads++;
      return 'https://www.tiktok.com/@someone/live';
    };
    expect(classifyUrl('/api/recommend/item_list/?count=30', base)).toBe(null);
    expect(classifyUrl('https://webcast.tiktok.com/webcast/room/enter/', base)).toBe(null);
    expect(reads).toBe(0);
    expect(classifyUrl('../webcast/gift/list/', base)).toBe('gift-list');
    expect(reads).toBe(1);
  });

  it('ignores other hosts, look-alike hosts and other schemes', () => {
    expect(classifyUrl('https://example.com/webcast/gift/send/')).toBe(null);
    expect(classifyUrl('https://tiktok.com.evil.example/webcast/gift/send/')).toBe(null);
    expect(classifyUrl('https://nottiktok.com/webcast/gift/send/')).toBe(null);
    expect(classifyUrl('https://evil.example/?next=https://webcast.tiktok.com/webcast/gift/send/')).toBe(null);
    expect(classifyUrl('ftp://webcast.tiktok.com/webcast/gift/send/')).toBe(null);
    expect(classifyUrl('https://www.tiktok.com@evil.example/webcast/gift/send/')).toBe(null);
  });

  it('ignores other webcast paths and near misses', () => {
    expect(classifyUrl('https://webcast.tiktok.com/webcast/im/fetch/?room_id=1')).toBe(null);
    expect(classifyUrl('https://webcast.tiktok.com/webcast/gift/send/extra')).toBe(null);
    expect(classifyUrl('https://webcast.tiktok.com/webcast/gift/sendx/')).toBe(null);
    expect(classifyUrl('https://webcast.tiktok.com/api/webcast/gift/send/')).toBe(null);
    expect(classifyUrl('https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission')).toBe(null);
    expect(classifyUrl('https://www.tiktok.com/api/item_list/?x=/webcast/gift/send/')).toBe(null);
    expect(classifyUrl('https://www.tiktok.com/')).toBe(null);
  });

  it('never throws on garbage', () => {
    for (const junk of ['', ' ', '/webcast/', 'http://[::1/webcast/gift/send/', 'https://%zz/webcast/gift/send/', '\u0000/webcast/gift/']) {
      expect(() => classifyUrl(junk)).not.toThrow();
    }
    expect(classifyUrl(undefined as unknown as string)).toBe(null);
    expect(classifyUrl(42 as unknown as string)).toBe(null);
  });

  it('is cheap on the common path', () => {
    const urls = Array.from({ length: 20_000 }, (_, i) => `https://www.tiktok.com/api/recommend/item_list/?count=${i}`);
    const start = performance.now();
    for (const url of urls) classifyUrl(url);
    // Generous bound: 20k non-webcast URLs must cost next to nothing.
    expect(performance.now() - start).toBeLessThan(200);
  });
});
