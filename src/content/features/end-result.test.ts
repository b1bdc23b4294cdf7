import { describe, expect, it } from 'vitest';
import { pageResult } from './end-result';

const SUCCEEDED = 'https://www.tiktok.com/coin/end-result?payment_status=succeed&order_id=7481234567890123457&charge_id=ch_1&pay_method=card';
const FAILED = 'https://www.tiktok.com/coin/end-result?payment_status=failed&error_code=3DS_REQUIRED';

describe('pageResult: a payment counts only from a real page load of /coin/end-result', () => {
  it('believes the result when the document was loaded at that URL', () => {
    expect(pageResult(SUCCEEDED, SUCCEEDED)).toEqual({ status: 'succeeded', orderId: '7481234567890123457', chargeId: 'ch_1', payMethod: 'card' });
    expect(pageResult(`${SUCCEEDED}#receipt`, SUCCEEDED)).toMatchObject({ status: 'succeeded' });
    expect(pageResult(FAILED, FAILED)).toMatchObject({ status: 'failed', errorCode: '3DS_REQUIRED' });
  });

  it('calls it moved when the History API put the URL there (pushState from /coin or from a LIVE)', () => {
    expect(pageResult(SUCCEEDED, 'https://www.tiktok.com/coin')).toBe('moved');
    expect(pageResult(SUCCEEDED, 'https://www.tiktok.com/@someone/live')).toBe('moved');
    // A real end-result page whose URL was then rewritten to another order's success.
    expect(pageResult(SUCCEEDED.replace('7481234567890123457', '7481234567890123999'), SUCCEEDED)).toBe('moved');
    expect(pageResult(SUCCEEDED, FAILED)).toBe('moved');
    expect(pageResult(SUCCEEDED, null)).toBe('moved');
  });

  it('is not concerned with other pages', () => {
    expect(pageResult('https://www.tiktok.com/coin', 'https://www.tiktok.com/coin')).toBeNull();
    expect(pageResult('https://www.tiktok.com/@someone/live', SUCCEEDED)).toBeNull();
  });
});
