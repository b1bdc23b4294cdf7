/**
 * Firefox: research mode's section as in Chromium (research-export.e2e.ts): switched on through the consent screen
 * with a hex study key (its bytes in IndexedDB, only its id in storage.local), room-log rows seeded through the page's
 * IndexedDB, the rooms view's totals, and a reviewed JSON and NDJSON export, each a real download, validated against the
 * shipped schema's room-log definitions with no clear id in them; then switched off with the log deleted.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { validateAgainst } from '../../src/core/export/json-schema-subset';
import { RESEARCH_KEY } from '../../src/platform/research';
import { ROOM_A, ROOM_ROWS } from '../../src/queries/research-rooms.fixtures';
import { SCHEMA } from './export-files';
import { waitFor } from './harness';
import { nextDownload, openExtensionPage, putRows, readStore, withFirefox } from './firefox';

const STUDY_KEY = '00112233445566778899aabbccddeeff';
const textOf = (page: Page, testid: string) => page.$eval(`[data-testid="${testid}"]`, (el) => (el.textContent ?? '').trim()).catch(() => '');
const local = (page: Page) => page.evaluate(() => (globalThis as unknown as { browser: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }).browser.storage.local.get(null));

describe('Firefox: research mode', () => {
  const suite = withFirefox(null);

  it('switches on with consent and a study key, shows the rooms, exports the reviewed room log, deletes it when off', async () => {
    const page = await openExtensionPage(suite.session, 'src/options/index.html', '[data-testid="research"][data-enabled="false"]');
    await page.click('[data-testid="research-on"]');
    await page.waitForSelector('[data-testid="research-consent-what"]');
    await page.type('[data-testid="research-study-key"]', STUDY_KEY);
    await page.click('[data-testid="research-consent-agree"]');
    await page.waitForSelector('[data-testid="research"][data-enabled="true"]');
    const settings = (await local(page))[RESEARCH_KEY] as { enabled: boolean; studyKeyId: string };
    expect(settings.enabled).toBe(true);
    expect(await textOf(page, 'research-key')).toContain(`${settings.studyKeyId} (entered in hex)`);
    expect(JSON.stringify(await local(page))).not.toContain(STUDY_KEY);
    const keys = await readStore<{ id: string; bytes: Uint8Array }>(page, 'researchKeys');
    expect(keys.map((k) => k.id)).toEqual([settings.studyKeyId]);

    await putRows(page, 'roomGifts', ROOM_ROWS);
    await page.click('[data-testid="research-rooms-refresh"]');
    await page.waitForSelector(`[data-testid="research-room"][data-room="${ROOM_A}"]`);
    expect(await page.$eval(`[data-testid="research-room"][data-room="${ROOM_A}"] [data-testid="research-room-gifts"]`, (el) => el.textContent)).toBe('18');

    await page.click('[data-testid="room-log-review"]');
    await waitFor('the review rows', async () => (await page.$$('[data-testid="room-log-row"]')).length === ROOM_ROWS.length);
    const [first] = await page.$$('[data-testid="room-log-row"] [data-testid="room-log-remove"]');
    await first!.click();
    await page.select('[data-testid="room-log-format"]', 'json');
    const json = await nextDownload(suite.session, () => page.click('[data-testid="room-log-export-start"]'));
    const doc = JSON.parse(json.body);
    expect(validateAgainst(SCHEMA, doc, { $ref: '#/$defs/roomLogFile' })).toBeNull();
    expect(doc.summary).toMatchObject({ roomGifts: ROOM_ROWS.length - 1, removedRows: 1 });
    expect(doc.metadata.senders).toMatchObject({ keyId: settings.studyKeyId, keyKind: 'study' });
    expect(json.body).not.toContain('gift:msg:');

    // NDJSON (a CSV comes with its sidecar: two downloads, which nextDownload does not take).
    await page.select('[data-testid="room-log-format"]', 'ndjson');
    await waitFor('the JSON export reported', () => textOf(page, 'room-log-done').then((done) => done.endsWith('.json.')));
    const ndjson = await nextDownload(suite.session, () => page.click('[data-testid="room-log-export-start"]'));
    const lines = ndjson.body.trimEnd().split('\n').map((line) => JSON.parse(line));
    for (const line of lines) expect(validateAgainst(SCHEMA, line, { $ref: '#/$defs/roomLogLine' })).toBeNull();
    expect(lines.filter((line) => line.type === 'room-gift')).toHaveLength(ROOM_ROWS.length - 1);

    await page.click('[data-testid="research-off"]');
    await page.waitForSelector('[data-testid="research-off-delete"]');
    await page.click('[data-testid="research-off-delete"]');
    await page.waitForSelector('[data-testid="research-deleted"]');
    expect(await readStore(page, 'roomGifts')).toEqual([]);
    expect(((await local(page))[RESEARCH_KEY] as { enabled: boolean }).enabled).toBe(false);
  });
});
