/**
 * Driving the options page's limits editor, shared by the Chromium and Firefox tests: one small driver per browser
 * (Playwright fills and picks as a person does; Puppeteer over BiDi sets values with the input events Preact listens
 * to), and the steps on top of it written once.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { envelope, type LimitsView, type Reply } from '../../src/platform/protocol';
import { waitFor } from './harness';

export interface EditorDriver {
  pick(testid: string, value: string): Promise<void>;
  fill(testid: string, text: string): Promise<void>;
  click(testid: string): Promise<void>;
  /** The trimmed text of the first element with this testid, or null when there is none. */
  text(testid: string): Promise<string | null>;
  /** The texts of every element with this testid. */
  texts(testid: string): Promise<string[]>;
  /** Sends a protocol envelope to the worker from this extension page; resolves to the raw reply. */
  send(message: unknown): Promise<unknown>;
}

type Chrome = { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };
const sendFromPage = (message: unknown) => (globalThis as unknown as Chrome).chrome.runtime.sendMessage(message);

const sel = (testid: string) => `[data-testid="${testid}"]`;

export function chromiumEditor(page: PlaywrightPage): EditorDriver {
  return {
    pick: async (testid, value) => { await page.selectOption(sel(testid), value); },
    fill: (testid, text) => page.fill(sel(testid), text),
    click: (testid) => page.click(sel(testid)),
    text: async (testid) => ((await page.locator(sel(testid)).count()) ? (await page.locator(sel(testid)).first().innerText()).trim() : null),
    texts: async (testid) => (await page.locator(sel(testid)).allInnerTexts()).map((value) => value.trim()),
    send: (message) => page.evaluate(sendFromPage, message),
  };
}

export function firefoxEditor(page: PuppeteerPage): EditorDriver {
  const set = (testid: string, value: string) => page.$eval(sel(testid), (el, v) => {
    (el as HTMLInputElement).value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
  return {
    pick: async (testid, value) => { await page.select(sel(testid), value); },
    fill: set,
    click: (testid) => page.click(sel(testid)),
    text: (testid) => page.$eval(sel(testid), (el) => (el.textContent ?? '').trim()).catch(() => null),
    texts: (testid) => page.$$eval(sel(testid), (els) => els.map((el) => (el.textContent ?? '').trim())),
    send: (message) => page.evaluate(sendFromPage, message),
  };
}

export interface LimitInput {
  scope?: 'all' | 'creator' | 'live';
  period?: 'day' | 'week' | 'month' | 'custom';
  from?: string;
  days?: string;
  capKind?: 'coins' | 'money';
  cap: string;
  action?: 'warn' | 'confirm' | 'block';
}

/** Fills the open editor (opened with `limit-add` or a row's Edit) in the order a person would. */
export async function fillLimit(editor: EditorDriver, input: LimitInput): Promise<void> {
  if (input.scope) await editor.pick('limit-scope', input.scope);
  if (input.period) await editor.pick('limit-period', input.period);
  if (input.from !== undefined) await editor.fill('limit-from', input.from);
  if (input.days !== undefined) await editor.fill('limit-days', input.days);
  if (input.capKind) await editor.pick('limit-cap-kind', input.capKind);
  await editor.fill('limit-cap', input.cap);
  if (input.action) await editor.pick('limit-action', input.action);
}

/** Saves, and waits for the refusal shown under `field` (the editor's `limit-<field>-error`); returns its text. */
export async function saveRefused(editor: EditorDriver, field: string): Promise<string> {
  await editor.click('limit-save');
  return waitFor(`the refusal beside ${field}`, () => editor.text(`limit-${field}-error`));
}

/** A local date `days` from today in UTC (the harness's browsers run in UTC), as an <input type="date"> wants it. */
export const utcDate = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The limits as the worker holds them, asked through its own door (limitsView), not read from its storage layout. */
export async function limitsFromWorker(editor: EditorDriver): Promise<LimitsView> {
  const reply = await editor.send(envelope('limitsView', { roomId: null })) as Reply<LimitsView>;
  if (!reply.ok) throw new Error(`limitsView refused: ${reply.error}`);
  return reply.value;
}
