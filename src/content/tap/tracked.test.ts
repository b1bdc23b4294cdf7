import { describe, expect, it } from 'vitest';
import { classifyUrl } from '../../core/tiktok/endpoints';
import { trackedEndpoint } from './tracked';

describe('trackedEndpoint (the tap) agrees with classifyUrl (the relay)', () => {
  const urls = [
    'https://webcast.tiktok.com/webcast/gift/send/?aid=1988&room_id=1',
    'https://webcast.tiktok.com/webcast/gift/send?aid=1988',
    'https://www.tiktok.com/webcast/gift/list/?aid=1988',
    'https://webcast16-normal-c-useast1a.tiktok.com/webcast/gift/list',
    'https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2?aid=1988',
    'https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v2/',
    'https://tiktok.com/webcast/gift/send/#x',
    'http://webcast.tiktok.com/webcast/gift/send/',
    // not tracked
    'https://webcast.tiktok.com/webcast/gift/sendx/',
    'https://webcast.tiktok.com/webcast/gift/send/more',
    'https://webcast.tiktok.com/webcast/im/fetch/?aid=1988',
    'https://webcast.tiktok.com/webcast/wallet_api/fs/diamond_buy/permission_v3',
    'https://evil.example/webcast/gift/send/',
    'https://tiktok.com.evil.example/webcast/gift/send/',
    'https://eviltiktok.com/webcast/gift/send/',
    'https://evil.example/?u=https://webcast.tiktok.com/webcast/gift/send/',
    'https://evil.example/x#https://webcast.tiktok.com/webcast/gift/send/',
    'ftp://webcast.tiktok.com/webcast/gift/send/',
  ].map((url) => new URL(url).href);

  it.each(urls)('%s', (url) => {
    expect(trackedEndpoint(url)).toBe(classifyUrl(url));
  });
});
