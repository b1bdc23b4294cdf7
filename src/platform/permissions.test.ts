// The manifest asks for exactly these permissions, each for a reason a store reviewer (and a user) can read, and each
// is used by the code: a permission added without a reason, or left behind after its use is gone, fails here.
// PRIVACY.md and the store listing's justifications say the same in words.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as {
  permissions?: string[]; host_permissions?: string[]; optional_permissions?: string[]; optional_host_permissions?: string[];
  content_scripts?: { matches: string[] }[];
};

/** Each permission, why it is needed, and the API call that shows it is used (null: no API, see the reason). */
const PERMISSIONS: Record<string, { why: string; used: RegExp | null }> = {
  storage: { why: 'settings, limits and the guard state in storage.local; the unlock in storage.session; a policy through storage.managed', used: /\.storage\.(local|session|managed)\b/ },
  unlimitedStorage: { why: 'the ledger lives in IndexedDB: a heavy user\'s 1,000,000 entries back up to 790 MB, and best-effort storage can be evicted under disk pressure; a record of spending must not be', used: null },
  scripting: { why: 'research mode\'s capture scripts are registered only while it is on; content scripts are re-attached to open TikTok tabs after an update', used: /\.scripting\.(registerContentScripts|executeScript|unregisterContentScripts)\b/ },
  alarms: { why: 'a limit\'s period rolls over on time; the heartbeat that tells the parent when Coinsight was not running', used: /\.alarms\.(create|onAlarm)\b/ },
  declarativeNetRequest: { why: 'a block limit stops the gift-send endpoint and /coin in the browser itself, even with the worker asleep', used: /\.declarativeNetRequest\.(updateDynamicRules|updateSessionRules)\b/ },
  notifications: { why: 'a limit\'s warning when a threshold is crossed', used: /\.notifications\.create\b/ },
};
const HOSTS: Record<string, string> = {
  'https://www.tiktok.com/*': 'the content scripts read the gift sends and purchases of TikTok\'s web app; the block rules need host access there',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.(test|fixtures)\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the manifest\'s permissions', () => {
  it('are exactly the pinned list, each with a reason', () => {
    expect([...(manifest.permissions ?? [])].sort()).toEqual(Object.keys(PERMISSIONS).sort());
    expect([...(manifest.host_permissions ?? [])].sort()).toEqual(Object.keys(HOSTS).sort());
    expect(manifest.optional_permissions ?? []).toEqual([]);
    expect(manifest.optional_host_permissions ?? []).toEqual([]);
    for (const { why } of Object.values(PERMISSIONS)) expect(why.length).toBeGreaterThan(20);
  });

  it('are each used by the code', () => {
    const code = sources('src').map((file) => readFileSync(file, 'utf8')).join('\n');
    const unused = Object.entries(PERMISSIONS).filter(([, { used }]) => used && !used.test(code)).map(([name]) => name);
    expect(unused).toEqual([]);
  });

  it('match content scripts only to the hosts granted', () => {
    const matches = new Set((manifest.content_scripts ?? []).flatMap((script) => script.matches));
    expect([...matches].filter((match) => !(match in HOSTS))).toEqual([]);
  });

  it('are the ones PRIVACY.md explains', () => {
    const privacy = readFileSync('PRIVACY.md', 'utf8');
    expect(Object.keys(PERMISSIONS).filter((name) => !privacy.includes(`\`${name}\``))).toEqual([]);
  });
});
