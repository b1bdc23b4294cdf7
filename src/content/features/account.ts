// Reports which TikTok account is signed in on this page, so entries can be kept per account on a shared browser.
import { whenParsed, type RelayFeature } from './feature';
import { readPageAccount } from '../relay/page';

export const accountFeature: RelayFeature = {
  name: 'account',
  init(signal, page) {
    whenParsed(signal, () => {
      const account = readPageAccount();
      // No account is normal when signed out; entries then carry '' and are shown as "account unknown".
      if (account) page.emit([{ type: 'account', id: `account:${account.uid}`, at: Date.now(), account }]);
    });
  },
};
