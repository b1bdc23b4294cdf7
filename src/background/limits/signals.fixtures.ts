// The browser's message lookup over the real messages.json, fake action/notifications APIs, and rules and statuses
// built as the worker builds them.
import { readFileSync } from 'node:fs';
import type { LimitRule, LimitStatus } from '../../core/limits';
import { fillMessage, type MessageBundle } from '../../core/message-format';
import type { SignalApi } from './badge';
import type { LocalArea } from './notices';

const MESSAGES = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as MessageBundle;

/** chrome.i18n.getMessage over the real messages.json: '' for an unknown key. */
export function getMessage(key: string, substitutions: string | string[] = []): string {
  const entry = MESSAGES[key];
  return entry ? fillMessage(entry, substitutions) : '';
}

export function fakeSignalApi() {
  const badge = { text: '', background: '', textColour: '', title: '' };
  const shown: { id: string; title: string; message: string; iconUrl: string }[] = [];
  const api: SignalApi = {
    action: {
      setBadgeText: async ({ text }) => { badge.text = text; },
      setBadgeBackgroundColor: async ({ color }) => { badge.background = color; },
      setBadgeTextColor: async ({ color }) => { badge.textColour = color; },
      setTitle: async ({ title }) => { badge.title = title; },
    },
    i18n: { getMessage, getUILanguage: () => 'en-US' },
    notifications: { create: async (id, options) => { shown.push({ id, title: options.title, message: options.message, iconUrl: options.iconUrl }); return id; } },
    runtime: { getURL: (path) => `chrome-extension://abc/${path}` },
  };
  return { api, badge, shown };
}

export function fakeLocal(): LocalArea & { items: Record<string, unknown> } {
  const items: Record<string, unknown> = {};
  return {
    items,
    get: async (key) => (key in items ? { [key]: structuredClone(items[key]) } : {}),
    set: async (values) => { Object.assign(items, structuredClone(values)); },
  };
}

export const WEEK = { start: Date.UTC(2026, 10, 30), end: Date.UTC(2026, 11, 7) }; // Mon 30 Nov – Mon 7 Dec 2026

export function limitRule(id: string, overrides: Partial<LimitRule> = {}): LimitRule {
  return {
    id, scope: { kind: 'all' }, period: { kind: 'week' }, cap: { kind: 'coins', coins: 1000 }, action: 'warn',
    carryOver: 'reset', overridesPerPeriod: 0, confirmDelaySeconds: 0, createdAt: WEEK.start, ...overrides,
  };
}

export function limitStatus(ruleId: string, used: number, cap = 1000, window = WEEK): LimitStatus {
  const percent = cap === 0 ? 100 : Math.floor((used / cap) * 100);
  return { ruleId, start: window.start, end: window.end, cap, used, left: Math.max(0, cap - used), percent, resetsAt: window.end, estimated: false };
}
